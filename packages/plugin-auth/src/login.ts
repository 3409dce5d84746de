/**
 * Signing in with `wx.login`: get a code, exchange it with the server for tokens, store them.
 * Codes are single-use, so concurrent calls share one in-flight login (one `wx.login`, one
 * exchange) instead of burning two codes where one would be refused.
 */
import { type Client, invalidOption, type WxRuntime } from '@miniwire/core'
import { AuthError, isAuthError, messageOf } from './errors'
import { getTokenProvider, TokenKeeper } from './provider'
import { normalizeTokens, type TokenInput } from './tokens'
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

function codeFrom(wx: WxRuntime, timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (typeof wx.login !== 'function') {
      reject(invalidOption('login(): the wx runtime has no login()'))
      return
    }
    wx.login({
      timeout,
      success: (res) => {
        if (res.code) resolve(res.code)
        else
          reject(
            new AuthError({
              message: `wx.login gave no code (${res.errMsg})`,
              reason: 'login-failed',
            }),
          )
      },
      fail: (err) => {
        reject(
          new AuthError({
            message: `wx.login failed: ${err.errMsg}`,
            cause: err,
            reason: 'login-failed',
          }),
        )
      },
    })
  })
}

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
export function login(target: Client | TokenProvider, options: LoginOptions): Promise<string> {
  const isProvider = typeof (target as TokenProvider).getToken === 'function'
  const provider = isProvider ? (target as TokenProvider) : getTokenProvider(target as Client)
  if (!provider) {
    return Promise.reject(
      invalidOption(
        'login(): this client has no auth() plugin; pass the token provider (plugin.tokens) instead',
      ),
    )
  }
  if (!options || typeof options.exchange !== 'function') {
    return Promise.reject(
      invalidOption('login(): options.exchange must be a function (code) => tokens'),
    )
  }
  const running = inflight.get(provider)
  if (running) return running
  const run = async (): Promise<string> => {
    const wx =
      options.wx ??
      (provider instanceof TokenKeeper
        ? provider.wx
        : isProvider
          ? undefined
          : (target as Client).wx)
    if (!wx) throw invalidOption('login(): pass options.wx for a custom token provider')
    const code = await codeFrom(wx, options.timeout ?? 10_000)
    let tokens: ReturnType<typeof normalizeTokens>
    try {
      tokens = normalizeTokens(await options.exchange(code), 'login exchange')
    } catch (cause) {
      if (isAuthError(cause)) throw cause
      throw new AuthError({
        message: `login failed: ${messageOf(cause)}`,
        cause,
        reason: 'login-failed',
      })
    }
    await provider.setTokens(tokens)
    return tokens.accessToken
  }
  const promise = run().then(
    (token) => {
      inflight.delete(provider)
      return token
    },
    (error: unknown) => {
      inflight.delete(provider)
      throw error
    },
  )
  inflight.set(provider, promise)
  return promise
}
