/**
 * The token provider's options, checked once through the kit: bad input fails when the plugin
 * is made, with a message naming the option, the value and what was expected, rather than on
 * the first expired token. Defaults live here once, for `auth()` and `createTokenProvider()`.
 */
import { checks, defineOptions, type OptionSchema } from '@miniwire/core'
import type { TokenStorage } from './tokens'
import type { TokenProviderOptions } from './types'

export const { arrayOf, boolean, either, func, oneOf, string, withMethods } = checks

/** The token provider's options, checked by `createTokenProvider()` and (within) `auth()`. */
export const providerSchema: OptionSchema<TokenProviderOptions> = {
  client: withMethods('a client from createClient()', 'use', 'send'),
  storage: either(string, withMethods('a storage { get, set }', 'get', 'set')),
  refresh: func,
  refreshTimeout: checks.number(),
  proactive: either(boolean, {
    expected: 'an object { skew: milliseconds ≥ 0 }',
    test: (v: { skew?: unknown }) =>
      checks.object.test(v) && (v.skew === undefined || (v.skew as number) >= 0),
  }),
  onAuthFailure: either(oneOf(false), func),
  loginPage: string,
  navigate: oneOf('reLaunch', 'redirectTo', 'navigateTo'),
}

/** Provider options with their defaults applied. */
export interface ProviderSettings extends TokenProviderOptions {
  storage: string | TokenStorage
  refreshTimeout: number
  loginPage: string
  navigate: NonNullable<TokenProviderOptions['navigate']>
}

/** The provider's defaults (`auth()` adds its own beside them). */
export const providerDefaults: ProviderSettings = {
  storage: 'miniwire:auth',
  refreshTimeout: 30_000,
  loginPage: '/pages/login/login',
  navigate: 'reLaunch',
}

export const providerOptions = defineOptions<TokenProviderOptions, ProviderSettings>({
  key: 'auth',
  schema: providerSchema,
  defaults: providerDefaults,
})

/** Milliseconds before expiry to refresh ahead of time; `undefined`: not proactive. */
export function skewOf(proactive: TokenProviderOptions['proactive']): number | undefined {
  if (!proactive) return undefined
  return proactive === true || proactive.skew === undefined ? 30_000 : proactive.skew
}
