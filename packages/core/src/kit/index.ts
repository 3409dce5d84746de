/**
 * The plugin kit: the part of core's public API that packages are built on, so no plugin
 * rebuilds plumbing. See docs/writing-a-plugin.md.
 */
export { type AppEvents, type AppState, getAppState } from './app-state'
export { checks, describeValue, invalidOption, type OptionCheck } from './checks'
export { createEmitter, type Emitter, type Handler } from './emitter'
export { followAbort } from './follow'
export {
  defineOptions,
  type OptionSchema,
  type OptionsSpec,
  type PluginOptions,
} from './options'
export { lookup, provide, runtimeService, type Services } from './services'
export { getTokenSource, type TokenSource } from './tokens'
export { utf8Length } from './text'
export { getUiLayer, type LoadingView, type ToastView, type UiLayer } from './ui'
export { errorFromWxFail } from '../wx-error'
export { abortable, abortErrorOf, sleep, type WaitOptions, type Waker, withTimeout } from './wait'
