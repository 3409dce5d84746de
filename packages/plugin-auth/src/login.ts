/**
 * Signing in with `wx.login`: get a code, exchange it with the server for tokens, store them.
 * Codes are single-use, so concurrent calls share one in-flight login (one `wx.login`, one
 * exchange) instead of burning two codes where one would be refused.
 */
import type { Client, WxRuntime } from '@miniwire/core'
import { authError, invalid, isAuthError, messageOf } from './errors'
import { getTokenProvider } from './provider'
import { normalizeTokens, type TokenInput, type TokenSet } from './tokens'
import type { TokenProvider } from './types'

/** Options of `login()`. */
export interface LoginOptions {
  /**
   * Trades the `wx.login` code for tokens. Send it with `auth: false`: there is no token yet.
   * @example exchange: async (code) => (await client.post<{ data: TokenInput }>('/auth/wx-login', { code }, { auth: false })).data
   */
  exchange: (code: string) => Promise<TokenInput>
  /**
   * `wx.login`'s timeout in milliseconds.
   * @default 10000
   */
  timeout?: number
  /**
   * The runtime whose `login` is called.
   * @default the client's runtime object
   */
  wx?: WxRuntime
}

/** Logins in flight, one per provider; an entry leaves when its login settles. */
const inflight = new Map<TokenProvider, Promise<string>>()

/**
 * Signs in with `wx.login` and stores the tokens; resolves to the access token. Concurrent
 * calls for the same provider share one login. Rejects with `AuthError` (`reason:
 * 'login-failed'`) when `wx.login` or the exchange fails; `onAuthFailure` is not called.
 *
 * @example
 * await login(client, {
 *   exchange: async (code) =>
 *     (await client.post<{ data: TokenInput }>('/auth/wx-login', { code }, { auth: false })).data,
 * })
 */
export async function login(
  target: Client | TokenProvider,
  options: LoginOptions,
): Promise<string> {
  // A client's provider, or the provider itself (no client: nothing registered on it).
  const provider = getTokenProvider(target as Client) || (target as TokenProvider)
  if (typeof provider.setTokens !== 'function') {
    throw invalid(
      'this client has no auth() plugin; pass the token provider (plugin.tokens) instead',
      'login()',
    )
  }
  if (!options || typeof options.exchange !== 'function') {
    throw invalid('options.exchange must be a function (code) => tokens', 'login()')
  }
  // Everything above runs synchronously, so a second call finds the first one's entry.
  let running = inflight.get(provider)
  if (!running) {
    running = signIn(provider, options, target)
    const forget = () => inflight.delete(provider)
    inflight.set(provider, running)
    running.then(forget, forget)
  }
  return running
}

/** One login: a code, its exchange, the tokens stored. */
async function signIn(
  provider: TokenProvider,
  options: LoginOptions,
  target: object,
): Promise<string> {
  // The client's runtime, or the bound client's for a provider made here (a getter that
  // names the missing client); a provider of the app's own has none.
  const wx = options.wx || (target as { wx?: WxRuntime }).wx
  if (!wx || typeof wx.login !== 'function') {
    throw invalid('no runtime with login(): pass options.wx', 'login()')
  }
  let tokens: TokenSet
  try {
    // wx's own failure (`{ errMsg }`) rejects as it is, and becomes the cause below.
    const code = await new Promise<string>((resolve, reject) => {
      wx.login!({
        timeout: options.timeout === undefined ? 10_000 : options.timeout,
        success: (res) =>
          res.code
            ? resolve(res.code)
            : reject(authError('login-failed', `wx.login gave no code (${res.errMsg})`)),
        fail: reject,
      })
    })
    tokens = normalizeTokens(await options.exchange(code), 'login exchange')
  } catch (cause) {
    throw isAuthError(cause)
      ? cause
      : authError('login-failed', `login failed: ${messageOf(cause)}`, cause)
  }
  await provider.setTokens(tokens)
  return tokens.accessToken
}
