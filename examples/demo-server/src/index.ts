/**
 * @miniwire/demo-server: the backend miniwire's tests, demo and example mini program talk to.
 */
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
