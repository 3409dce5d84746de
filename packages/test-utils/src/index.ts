export { createFakeWx, type FakeAnswer, type FakeCall, type FakeWx } from './fake-wx'
export { type IntegrationEnv, type IntegrationOptions, useIntegration } from './integration'
export { createMiniProgramVM, MISSING_GLOBALS, type MiniProgramVM } from './mini-program-vm'
export { type TraceOptions, trace } from './typed-plugin'
