/**
 * The token provider's options, checked and resolved once: bad input fails when the plugin is
 * made, with a message naming the option, rather than on the first expired token.
 */
import {
  checks,
  defineOptions,
  invalidOption,
  type OptionSchema,
  type WxRuntime,
} from '@miniwire/core'
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

const { either, func, object, string } = checks

/** The token provider's options, checked by `createTokenProvider()` and (within) `auth()`. */
export const providerSchema: OptionSchema<TokenProviderOptions> = {
  client: checks.withMethods('a client from createClient()', 'use', 'send'),
  storage: either(string, checks.withMethods('a storage { get, set }', 'get', 'set')),
  refresh: func,
  refreshTimeout: checks.number(),
  proactive: either(checks.boolean, object),
  onAuthFailure: either(checks.oneOf(false), func),
  loginPage: string,
  navigate: checks.oneOf('reLaunch', 'redirectTo', 'navigateTo'),
}

export const providerOptions = defineOptions<TokenProviderOptions, TokenProviderOptions>({
  key: 'auth',
  schema: providerSchema,
  defaults: {},
})

/**
 * Resolves options already checked against `providerSchema`; `getWx` gives the runtime for the
 * default storage at call time.
 */
export function resolveSettings(options: TokenProviderOptions, getWx: () => WxRuntime): Settings {
  const storage = options.storage ?? 'miniwire:auth'
  const proactive = options.proactive
  const skew = proactive ? (proactive === true ? 30_000 : (proactive.skew ?? 30_000)) : undefined
  if (skew !== undefined && !(skew >= 0)) {
    throw invalid(`proactive.skew must be a number of milliseconds ≥ 0, got ${String(skew)}`)
  }
  const handler = options.onAuthFailure
  return {
    storage: typeof storage === 'string' ? storageTokens(getWx, storage) : storage,
    refresh: options.refresh,
    refreshTimeout: options.refreshTimeout ?? 30_000,
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
