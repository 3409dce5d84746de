/**
 * The token provider's options, checked and resolved once: bad input fails when the plugin is
 * made, with a message naming the option, rather than on the first expired token.
 */
import { invalidOption, type WxRuntime } from '@miniwire/core'
import { defaultAuthFailure } from './failure'
import { storageTokens, type TokenStorage } from './tokens'
import type { AuthFailureEvent, RefreshFunction, TokenProviderOptions } from './types'

/** The provider's options with defaults applied. */
export interface Settings {
  storage: TokenStorage
  refresh: RefreshFunction | undefined
  refreshTimeout: number
  /** Milliseconds before expiry to refresh ahead of time; `undefined`: not proactive. */
  skew: number | undefined
  onFailure: ((event: AuthFailureEvent) => void | Promise<void>) | undefined
}

export function invalid(message: string): ReturnType<typeof invalidOption> {
  return invalidOption(`auth(): ${message}`)
}

/** Resolves `options`; `getWx` gives the runtime for the default storage at call time. */
export function resolveSettings(options: TokenProviderOptions, getWx: () => WxRuntime): Settings {
  const storage = options.storage ?? 'miniwire:auth'
  let store: TokenStorage
  if (typeof storage === 'string') {
    if (!storage) throw invalid('storage key must not be empty')
    store = storageTokens(getWx, storage)
  } else if (storage && typeof storage.get === 'function' && typeof storage.set === 'function') {
    store = storage
  } else throw invalid('storage must be a storage key or { get, set }')
  if (options.refresh !== undefined && typeof options.refresh !== 'function') {
    throw invalid(`refresh must be a function, got ${typeof options.refresh}`)
  }
  const timeout = options.refreshTimeout ?? 30_000
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) {
    throw invalid(`refreshTimeout must be a number of milliseconds, got ${String(timeout)}`)
  }
  const proactive = options.proactive
  const skew = proactive ? (proactive === true ? 30_000 : (proactive.skew ?? 30_000)) : undefined
  if (skew !== undefined && !(skew >= 0)) {
    throw invalid(`proactive.skew must be a number of milliseconds ≥ 0, got ${String(skew)}`)
  }
  const handler = options.onAuthFailure
  if (handler !== undefined && handler !== false && typeof handler !== 'function') {
    throw invalid(`onAuthFailure must be a function or false, got ${typeof handler}`)
  }
  return {
    storage: store,
    refresh: options.refresh,
    refreshTimeout: timeout,
    skew,
    onFailure:
      handler === false
        ? undefined
        : (handler ??
          defaultAuthFailure(
            options.loginPage ?? '/pages/login/login',
            options.navigate ?? 'reLaunch',
          )),
  }
}
