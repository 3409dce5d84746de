export { createFakeWx, type FakeAnswer, type FakeCall, type FakeWx } from './fake-wx'
export { type IntegrationEnv, type IntegrationOptions, useIntegration } from './integration'
export {
  type BuiltPackage,
  createMiniProgramVM,
  loadBuiltPackage,
  MISSING_GLOBALS,
  type MiniProgramVM,
} from './mini-program-vm'
export { type TraceOptions, trace } from './typed-plugin'
export { unhandledRejectionsDuring } from './unhandled'
export {
  type Manifest,
  type PublishedPackage,
  publishedPackages,
  workspaceRoot,
} from './workspace'
