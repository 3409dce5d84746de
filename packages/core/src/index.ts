/**
 * @miniwire/core: the client, the onion, the wx adapter, the scheduler, errors, abort, URLs,
 * and the plugin kit that every other miniwire package is built on.
 */
export {
  type AbortControllerLike,
  type AbortSignalLike,
  createAbortController,
  MiniAbortController,
  MiniAbortSignal,
} from './abort'
export { Client, type ClientOptions, createClient, type UseOptions } from './client'
export * from './errors'
export * from './kit'
export { compose, forkContext } from './pipeline'
export type { Defaults } from './request'
export { getScheduler, type Release, Scheduler } from './scheduler'
export { defineStage, getStages, type Stage, type StagePosition, type Stages } from './stages'
export * from './types'
export { appendQuery, isAbsoluteURL, joinURL, serializeParams } from './url'
