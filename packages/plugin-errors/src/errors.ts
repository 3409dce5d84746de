/**
 * The errors plugin: unwraps the business envelope on the way out, and on a failure classifies
 * it, picks who tells the user (the request's handler, the business code's, the kind's, the
 * fallback, else a toast), marks the error as shown and rethrows it unchanged, so guards such
 * as `isHttpError` still work. Toasts go through core's shared UI layer: the loading never hides
 * them, and a burst of identical failures shows one.
 */
import {
  type Context,
  getAppState,
  getUiLayer,
  isBusinessError,
  isHttpError,
  type Plugin,
  type WxRuntime,
} from '@miniwire/core'
import { classify } from './classify'
import { codeOf, unwrap } from './envelope'
import { fitToast } from './messages'
import {
  defaultMessage,
  type ErrorHandler,
  type ErrorsOptions,
  errorsOptions,
  type Failure,
  type ResolvedErrorsOptions,
} from './options'
import { mark } from './shown'

/** The business code a failure carries: a `BusinessError`'s, or an HTTP error body's. */
function businessCodeOf(
  error: unknown,
  options: ResolvedErrorsOptions,
): string | number | undefined {
  if (isBusinessError(error)) return error.businessCode
  return isHttpError(error) && options.envelope ? codeOf(error.data, options.envelope) : undefined
}

async function handle(
  ctx: Context,
  wx: WxRuntime,
  error: unknown,
  options: ResolvedErrorsOptions,
): Promise<never> {
  const kind = await classify(error, wx)
  const silent =
    options.silent === true || (options.silent !== false && options.silent.indexOf(kind) >= 0)
  mark(error, kind, false)
  if (silent) throw error
  const businessCode = businessCodeOf(error, options)
  // Own keys only: a code such as "constructor" must not find Object's. (Not Object.hasOwn:
  // the logic layer on iOS before 15.4 has none.)
  const byCode =
    businessCode !== undefined && Object.prototype.hasOwnProperty.call(options.codes, businessCode)
      ? options.codes[businessCode]
      : undefined
  let message =
    typeof byCode === 'string'
      ? byCode
      : (kind === 'business' && isBusinessError(error) && error.businessMessage) ||
        defaultMessage(kind, options)
  if (options.message) {
    message = options.message({ kind, error, businessCode, ctx, message }) || message
  }
  const ui = getUiLayer(wx)
  const failure: Failure = {
    kind,
    error,
    businessCode,
    message,
    ctx,
    toast(title = message) {
      const view = fitToast(title, options.icon)
      const up = ui.toast
      // The same words already show: a burst of identical failures shows one toast.
      if (up && up.title === view.title) return
      ui.showToast({ title: view.title, icon: view.icon, duration: options.duration })
    },
  }
  const handler: ErrorHandler | undefined =
    options.handler ||
    (typeof byCode === 'function' ? byCode : undefined) ||
    options.handlers[kind] ||
    options.fallback
  if (handler) await handler(failure)
  else failure.toast()
  mark(error, kind, true)
  throw error
}

/**
 * Turns failures into words the user can trust: one classification for every failure kind,
 * business envelopes unwrapped (and their failure codes turned into `BusinessError`), handlers
 * per kind and per business code, zh-CN messages (English available) in toasts fitted to wx.
 *
 * @param options the plugin's defaults
 * @example
 * import { createClient } from '@miniwire/core'
 * import { errors } from '@miniwire/plugin-errors'
 *
 * const client = createClient({
 *   baseURL: 'https://api.example.com',
 *   plugins: [errors({
 *     envelope: true,
 *     handlers: { unauthorized: () => wx.reLaunch({ url: '/pages/login/login' }) },
 *     codes: { 40001: '余额不足' },
 *   })],
 * })
 * const user = await client.get<User>('/users/1')          // the envelope's data
 * await client.get('/optional', { errors: { silent: true } }) // no toast for this one
 */
export function errors(options: ErrorsOptions = {}): Plugin {
  const resolved = errorsOptions.resolve(options)
  /** The runtime whose app state this plugin subscribed to (one look-up, not one a request). */
  let watched: WxRuntime | undefined
  return {
    name: 'errors',
    stage: 'errors',
    optionKeys: ['errors'],
    // Not async itself: a request that succeeds costs one `then`, no async frame.
    middleware: function errors(ctx, next) {
      let own: ResolvedErrorsOptions | false
      let wx: WxRuntime
      try {
        own = errorsOptions.forRequest(
          ctx,
          resolved,
          ctx.request.errors,
          ctx.client.defaults.errors,
        )
        if (own === false) return next()
        wx = ctx.client.wx
        // Subscribed before the first request, so an "offline" event is known when one fails.
        if (wx !== watched) {
          getAppState(wx)
          watched = wx
        }
      } catch (error) {
        return Promise.reject(error)
      }
      const options = own
      return next().then(
        () => {
          if (!options.envelope) return
          try {
            unwrap(ctx, options.envelope)
          } catch (error) {
            // A failure code in the envelope is a failure like any other.
            return handle(ctx, wx, error, options)
          }
        },
        (error: unknown) => handle(ctx, wx, error, options),
      )
    },
  }
}
