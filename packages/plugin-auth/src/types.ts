/**
 * The public shapes of the token provider: its options, what the refresh function receives,
 * what `onAuthFailure` is told. Kept apart from the implementation so that the socket and
 * transfer packages can depend on the interface alone.
 */
import type { AbortSignalLike, Client, Context, TokenSource, WxRuntime } from '@miniwire/core'
import type { AuthError } from './errors'
import type { OriginCheck } from './targets'
import type { TokenInput, TokenSet, TokenStorage } from './tokens'

/** What the `refresh` function is given. */
export interface RefreshContext {
  /** The stored refresh token (may be absent for cookie-based backends). */
  refreshToken: string | undefined
  /** Everything stored, including the expired access token. */
  tokens: TokenSet
  /**
   * A child of the bound client whose requests skip the auth plugin (`auth: false`), so the
   * refresh request can never wait on itself. Use it for the refresh call.
   */
  client: Client
  /** The runtime object. */
  wx: WxRuntime
}

/** Gets new tokens. Its rejection (or a resolution without a token) is a failed refresh. */
export type RefreshFunction = (context: RefreshContext) => Promise<TokenInput>

/** What `onAuthFailure` is told, once per failed refresh. */
export interface AuthFailureEvent {
  /** The error every waiting request was rejected with (its `cause` holds the refresh error). */
  error: AuthError
  /** The provider: `tokens.clear()` signs out. */
  tokens: TokenProvider
  /** The runtime object, for navigation. */
  wx: WxRuntime
}

/** The token provider's options (part of `auth()`'s). */
export interface TokenProviderOptions {
  /**
   * Tokens' home: a storage key (read through the runtime object on every call) or `{ get, set }`.
   * @default 'miniwire:auth'
   * @example storage: 'token'
   */
  storage?: string | TokenStorage
  /**
   * Gets new tokens with the refresh token. Without it an expired token fails with `ERR_AUTH`.
   * @default undefined
   * @example
   * refresh: async ({ client, refreshToken }) =>
   *   (await client.post<{ data: TokenInput }>('/auth/refresh', { refreshToken })).data
   */
  refresh?: RefreshFunction
  /**
   * A refresh that has not settled after this many milliseconds fails (0: no limit).
   * @default 30000
   */
  refreshTimeout?: number
  /**
   * Refresh ahead of time when the token's expiry (the stored `expiresAt`, else a JWT's `exp`)
   * is less than `skew` milliseconds away.
   * @default false
   * @example proactive: { skew: 60_000 }
   */
  proactive?: boolean | { skew?: number }
  /**
   * Runs once per failed refresh, however many requests were waiting. `false` turns it off.
   * @default clears the tokens and `reLaunch`es `loginPage`
   * @example onAuthFailure: ({ tokens }) => { tokens.clear(); store.signedOut() }
   */
  onAuthFailure?: false | ((event: AuthFailureEvent) => void | Promise<void>)
  /**
   * The page the default `onAuthFailure` opens.
   * @default '/pages/login/login'
   */
  loginPage?: string
  /**
   * How the default `onAuthFailure` opens it (`redirectTo`/`navigateTo` fall back to
   * `reLaunch` when wx refuses, e.g. for a tabBar page).
   * @default 'reLaunch'
   */
  navigate?: 'reLaunch' | 'redirectTo' | 'navigateTo'
}

/** Options of the provider's waiting calls. */
export interface WaitOptions {
  /** Stops this caller's wait (not the shared refresh). */
  signal?: AbortSignalLike
}

/** Options of `tokens.refresh()`. */
export interface RefreshOptions extends WaitOptions {
  /**
   * The token the caller found expired. When the stored token already differs (someone else
   * refreshed), it is returned without a new refresh. Without it, a refresh is forced.
   */
  stale?: string
}

/**
 * One source of tokens for every transport: the auth plugin, `@miniwire/socket` (URL or
 * header on each reconnect) and `@miniwire/transfer` (each chunk). One refresh serves all.
 *
 * @example
 * const token = await tokens.getToken() // waits for a refresh in flight
 * const fresh = await tokens.refresh({ stale: token }) // after the server refused `token`
 */
export interface TokenProvider extends TokenSource {
  /** The access token to send now: waits for a refresh in flight, refreshes ahead of expiry when `proactive`. */
  getToken(options?: WaitOptions): Promise<string | undefined>
  /** Single-flight refresh shared with the plugin; rejects with `AuthError`. */
  refresh(options?: RefreshOptions): Promise<string>
  /** Everything stored (no waiting). */
  getTokens(): Promise<TokenSet | undefined>
  /**
   * Stores tokens (after a password login, say) and tells the listeners; anything that is not a
   * token string or `{ accessToken }` is refused with `ERR_INVALID_OPTION`.
   */
  setTokens(tokens: TokenInput): Promise<void>
  /** Forgets the tokens (sign out) and tells the listeners. */
  clear(): Promise<void>
  /** Called with the new access token (or `undefined`) whenever the provider stores or clears one. */
  onChange(listener: (token: string | undefined) => void): () => void
  /** True while a refresh is in flight. */
  readonly refreshing: boolean
}

/** Per-request options of the auth plugin. */
export interface AuthRequestOptions {
  /**
   * Send the token even though the URL's origin is not an allowed one.
   * @default false
   */
  anyOrigin?: boolean
  /**
   * Refresh and replay when the token is refused; `false` fails with `ERR_AUTH` at once.
   * @default true
   */
  refresh?: boolean
}

/** What the auth plugin records on `ctx.state.auth`. */
export interface AuthState {
  /** The request was replayed with a refreshed token. */
  refreshed: boolean
}

/** Options of `auth()`: the provider's (unless `tokens` is given) plus the request side. */
export interface AuthOptions extends TokenProviderOptions {
  /**
   * Another `auth()` plugin's provider (`plugin.tokens`), shared (two clients, one sign-in); the
   * provider options must then be left out.
   * @default a new provider made from these options
   */
  tokens?: TokenProvider
  /**
   * The header that carries the token.
   * @default 'Authorization'
   */
  header?: string
  /**
   * Written before the token with a space; `''` sends the bare token.
   * @default 'Bearer'
   */
  scheme?: string
  /**
   * Origins that may receive the token, or a function of the full URL.
   * @default the client's baseURL origin
   * @example origins: ['https://api.example.com', 'https://upload.example.com']
   */
  origins?: readonly string[] | OriginCheck
  /**
   * HTTP statuses that mean "token expired".
   * @default [401]
   */
  statusCodes?: readonly number[]
  /**
   * Business codes in the envelope that mean "token expired" (HTTP 200 `{ code: 40101 }`).
   * @default []
   * @example businessCodes: [40101]
   */
  businessCodes?: ReadonlyArray<string | number>
  /**
   * The envelope field holding the business code.
   * @default 'code'
   */
  codeField?: string
  /**
   * Decides expiry instead of `statusCodes`/`businessCodes`; `error` is what the downstream
   * threw, or `undefined` when it resolved (read `ctx.response`).
   * @example isExpired: (ctx, error) => ctx.response?.headers['x-token-expired'] === '1'
   */
  isExpired?: (ctx: Context, error: unknown) => boolean
  /**
   * Endpoints that need no token (sign-in, sign-up, password reset, the refresh call): sent
   * without the token, and a 401 on them is the server's answer (`HttpError` with its body),
   * never a refresh or a trip to the login page. A string matches the end of the request URL's
   * path (its `url` as given, without the query); a
   * RegExp is tested against the path; a function decides from the full URL. Giving a list
   * replaces the defaults: spread `DEFAULT_PUBLIC_PATHS` to keep them.
   * @default DEFAULT_PUBLIC_PATHS
   * @example publicPaths: [...DEFAULT_PUBLIC_PATHS, '/sms/code', /^\/share\//]
   */
  publicPaths?: ReadonlyArray<string | RegExp> | ((url: string, ctx: Context) => boolean)
}
