/**
 * wx's two calling conventions: callbacks (`success` / `fail` / `complete`), or a Promise when
 * none is passed (base library ≥ 2.10.2). Callbacks always run asynchronously, as on a phone,
 * and an exception thrown by user code inside a callback surfaces as an uncaught error instead
 * of being swallowed or turned into a `fail`.
 */
import { asFailure, type WxFailResult } from './errno'

/** The callback trio every async wx API accepts. */
export interface CallbackOptions<T = any> {
  success?: ((result: T) => void) | undefined
  fail?: ((result: WxFailResult) => void) | undefined
  complete?: ((result: T | WxFailResult) => void) | undefined
}

/** True when the caller passed at least one callback (then wx returns no Promise). */
export function hasCallbacks(options: unknown): boolean {
  if (!options || typeof options !== 'object') return false
  const o = options as CallbackOptions
  return (
    typeof o.success === 'function' ||
    typeof o.fail === 'function' ||
    typeof o.complete === 'function'
  )
}

function rethrowLater(error: unknown): void {
  setTimeout(() => {
    throw error
  }, 0)
}

function call<T>(fn: ((value: T) => void) | undefined, value: T): void {
  if (typeof fn !== 'function') return
  try {
    fn(value)
  } catch (error) {
    rethrowLater(error)
  }
}

/** Calls `success` then `complete`. */
export function deliverSuccess<T>(options: CallbackOptions<T> | undefined, result: T): void {
  call(options?.success, result)
  call(options?.complete, result)
}

/** Calls `fail` then `complete`. */
export function deliverFail(options: CallbackOptions | undefined, result: WxFailResult): void {
  call(options?.fail, result)
  call(options?.complete, result)
}

/**
 * Runs an async wx API: `run` returns the success result (without `errMsg`) or throws a
 * `WxFailure`. Adds `errMsg: '<api>:ok'`, then answers by callbacks or by Promise.
 */
export function invoke<T extends object>(
  api: string,
  options: CallbackOptions | undefined,
  run: () => T | Promise<T>,
): Promise<T & { errMsg: string }> | undefined {
  const outcome = Promise.resolve()
    .then(run)
    .then((value) => ({ ...value, errMsg: `${api}:ok` }))
  if (hasCallbacks(options)) {
    outcome.then(
      (value) => deliverSuccess(options, value),
      (error: unknown) => deliverFail(options, asFailure(api, error).toResult()),
    )
    return undefined
  }
  return outcome.catch((error: unknown) => {
    throw asFailure(api, error).toResult()
  })
}

/** Runs a `*Sync` API: a `WxFailure` is thrown as an Error whose message is the errMsg. */
export function invokeSync<T>(api: string, run: () => T): T {
  try {
    return run()
  } catch (error) {
    const f = asFailure(api, error)
    throw Object.assign(new Error(f.errMsg), f.toResult())
  }
}
