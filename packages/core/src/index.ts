/**
 * @miniwire/core: the client, the onion, the wx adapter, the scheduler, errors, abort, URLs.
 */
export {
  type AbortControllerLike,
  type AbortSignalLike,
  createAbortController,
  MiniAbortController,
} from './abort'
export { adapter } from './adapter'
export { Client, type ClientOptions, createClient, type UseOptions } from './client'
export * from './errors'
export { compose, createDispatch, type Dispatch } from './pipeline'
export type { Defaults } from './request'
export { getScheduler, type Release, Scheduler } from './scheduler'
export * from './types'
export { appendQuery, isAbsoluteURL, joinURL, serializeParams } from './url'
export { errorFromWxFail } from './wx-error'
