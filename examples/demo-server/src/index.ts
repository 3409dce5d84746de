/**
 * @miniwire/demo-server: the backend miniwire's tests, demo and example mini program talk to.
 */
export { CHAT_TEXT, SSE_FIXTURE } from './routes/stream'
export { startDemoServer } from './server'
export type {
  DemoControls,
  DemoCounters,
  DemoServer,
  DemoServerOptions,
  IssueTokensOptions,
  RefreshFailure,
  RequestLogEntry,
  TokenPair,
} from './types'
