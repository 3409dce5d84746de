/**
 * Every option of the plugin and of its token provider, checked once through the kit: bad input
 * fails when the plugin is made, with a message naming the option, the value and what was
 * expected, rather than on the first expired token. Defaults live here once, for `auth()` and
 * the per-request `auth` option.
 */
import { checks, defineOptions, type OptionCheck, type OptionSchema } from '@miniwire/core'
import type { TokenStorage } from './tokens'
import type { AuthOptions, AuthRequestOptions, TokenProviderOptions } from './types'

const { arrayOf, boolean, either, func, oneOf, string, withMethods } = checks

/** An array whose items all pass `test`. */
const list = (expected: string, test: (item: unknown) => boolean): OptionCheck => ({
  expected,
  test: (value: unknown) => Array.isArray(value) && value.every(test),
})

/** The token provider's options: `auth()` refuses them beside a `tokens` provider. */
export const providerSchema: OptionSchema<TokenProviderOptions> = {
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

/** `auth()`'s options with their defaults applied. */
export type Settings = AuthOptions &
  ProviderSettings & {
    header: string
    scheme: string
    statusCodes: readonly number[]
    businessCodes: ReadonlyArray<string | number>
    codeField: string
  }

/** Every option of `auth()`: the provider's and the request side's. */
export const authOptions = defineOptions<AuthOptions, Settings>({
  key: 'auth',
  schema: Object.assign({}, providerSchema, {
    tokens: withMethods('the tokens of another auth() plugin', 'current', 'renew'),
    header: string,
    scheme: either(string, oneOf('')),
    origins: either(arrayOf('string'), func),
    statusCodes: arrayOf('number'),
    businessCodes: list('an array of strings or numbers', (i) => {
      return typeof i === 'string' || typeof i === 'number'
    }),
    codeField: string,
    isExpired: func,
    publicPaths: either(
      list('an array of strings or RegExps', (i) => typeof i === 'string' || i instanceof RegExp),
      func,
    ),
  }),
  defaults: {
    storage: 'miniwire:auth',
    refreshTimeout: 30_000,
    loginPage: '/pages/login/login',
    navigate: 'reLaunch',
    header: 'Authorization',
    scheme: 'Bearer',
    statusCodes: [401],
    businessCodes: [],
    codeField: 'code',
  },
})

/** The per-request `auth` option, layered over the client's `createClient({ auth })`. */
export const requestOptions = defineOptions<AuthRequestOptions, AuthRequestOptions>({
  key: 'auth',
  schema: { anyOrigin: boolean, refresh: boolean },
  defaults: {},
})

/** Milliseconds before expiry to refresh ahead of time; `undefined`: not proactive. */
export function skewOf(proactive: TokenProviderOptions['proactive']): number | undefined {
  if (!proactive) return undefined
  return proactive === true || proactive.skew === undefined ? 30_000 : proactive.skew
}
