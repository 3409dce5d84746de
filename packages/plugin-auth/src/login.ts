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
    throw invalid('no auth() plugin on this client: pass plugin.tokens', 'login()')
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
  // The client's runtime, or the plugin's client's (a getter that names a missing client).
  const wx = (target as { wx?: WxRuntime }).wx
  if (!wx || typeof wx.login !== 'function') throw invalid('the runtime has no login()', 'login()')
  let tokens: TokenSet
  try {
    // wx's own failure (`{ errMsg }`) rejects as it is, and becomes the cause below.
    const code = await new Promise<string>((resolve, reject) => {
      wx.login!({
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
