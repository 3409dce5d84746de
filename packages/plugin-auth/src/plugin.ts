/**
 * The auth middleware: puts the token on requests to allowed origins, and when the server
 * refuses it (401, or a business code) gets a fresh one from the shared single-flight refresh
 * and replays the request once, downstream only. Nothing upstream runs again, so no outer hook
 * can overwrite the refreshed header; a second refusal fails instead of looping.
 */
import {
  AbortError,
  type Context,
  type ErrorRequestInfo,
  isBusinessError,
  isHttpError,
  MiniwireError,
  type Plugin,
} from '@miniwire/core'
import { AuthError, isAuthError } from './errors'
import { createOriginCheck, type OriginCheck } from './origin'
import { TokenKeeper } from './provider'
import type { AuthState, TokenProvider, TokenProviderOptions } from './types'
import { abortable } from './wait'

/** Options of `auth()`: the provider's (unless `tokens` is given) plus the request side. */
export interface AuthOptions extends TokenProviderOptions {
  /**
   * A provider made with `createTokenProvider()`; the provider options must then be left out.
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
}

/** The plugin, with its token provider for the socket and transfer packages. */
export interface AuthPlugin extends Plugin {
  readonly tokens: TokenProvider
}

const PROVIDER_KEYS = [
  'client',
  'storage',
  'refresh',
  'refreshTimeout',
  'proactive',
  'onAuthFailure',
  'loginPage',
  'navigate',
] as const

function expiryCheck(options: AuthOptions): (ctx: Context, error: unknown) => boolean {
  if (options.isExpired) return options.isExpired
  const statuses = options.statusCodes ?? [401]
  const codes = options.businessCodes ?? []
  const field = options.codeField ?? 'code'
  return function isExpired(ctx, error) {
    if (error !== undefined) {
      if (isHttpError(error)) return statuses.indexOf(error.status) >= 0
      return isBusinessError(error) && codes.indexOf(error.businessCode) >= 0
    }
    const res = ctx.response
    if (!res) return false
    if (statuses.indexOf(res.status) >= 0) return true
    const data = res.data as Record<string, unknown> | null
    return (
      codes.length > 0 &&
      data !== null &&
      typeof data === 'object' &&
      codes.indexOf(data[field] as number) >= 0
    )
  }
}

/** Puts this request's name on an error the provider shared among its waiters. */
function forRequest(error: unknown, request: ErrorRequestInfo): unknown {
  if (!isAuthError(error)) return error
  return new AuthError(`${request.method} ${request.url}: ${error.message}`, {
    request,
    cause: error.cause ?? error,
    reason: error.reason,
  })
}

/** What one run of the downstream gave: `failed` with `error`, or a response on `ctx`. */
interface Outcome {
  failed: boolean
  error: unknown
}

function attempt(next: () => Promise<void>): Promise<Outcome> {
  return next().then(
    () => ({ failed: false, error: undefined }),
    (error: unknown) => ({ failed: true, error }),
  )
}

function settle(outcome: Outcome): void {
  if (outcome.failed) throw outcome.error
}

/** A refusal after this request already had its one refresh: fail, never loop (axios-auth-refresh#56). */
function refusedAgain(ctx: Context, info: ErrorRequestInfo, outcome: Outcome): AuthError {
  return new AuthError(
    `${info.method} ${info.url} was refused again after the token was refreshed`,
    {
      request: info,
      cause: outcome.failed ? outcome.error : ctx.response,
      reason: 'still-unauthorized',
    },
  )
}

/**
 * Token injection and single-flight refresh.
 *
 * @example
 * const plugin = auth({
 *   refresh: async ({ client, refreshToken }) =>
 *     (await client.post<{ data: TokenInput }>('/auth/refresh', { refreshToken })).data,
 *   businessCodes: [40101],
 * })
 * const client = createClient({ baseURL: 'https://api.example.com', plugins: [plugin] })
 * const socketToken = await plugin.tokens.getToken()
 */
export function auth(options: AuthOptions = {}): AuthPlugin {
  if (options.tokens && PROVIDER_KEYS.some((key) => options[key] !== undefined)) {
    throw new MiniwireError(
      'ERR_INVALID_OPTION',
      `auth(): pass either tokens or provider options (${PROVIDER_KEYS.join(', ')}), not both`,
    )
  }
  const given = options.tokens
  if (given !== undefined && !(given instanceof TokenKeeper)) {
    throw new MiniwireError(
      'ERR_INVALID_OPTION',
      'auth(): tokens must come from createTokenProvider()',
    )
  }
  const keeper = given || new TokenKeeper(options)
  const header = (options.header || 'Authorization').toLowerCase()
  const scheme = options.scheme ?? 'Bearer'
  const allowed = createOriginCheck(options.origins)
  const expired = expiryCheck(options)
  const put = (ctx: Context, token: string): void => {
    // A copy: the previous attempt's wx call may still hold the old object.
    const headers = Object.assign({}, ctx.request.headers)
    headers[header] = scheme ? `${scheme} ${token}` : token
    ctx.request.headers = headers
  }

  return {
    name: 'auth',
    stage: 'auth',
    tokens: keeper,
    setup(client) {
      keeper.bind(client)
    },
    middleware: async function auth(ctx, next) {
      const own = ctx.request.auth
      if (own === false || !(own?.anyOrigin || allowed(ctx))) return next()
      keeper.bind(ctx.client)
      const info: ErrorRequestInfo = { method: ctx.request.method, url: ctx.request.url }
      const guard = <T>(promise: Promise<T>): Promise<T> =>
        abortable(promise, ctx.signal, () => new AbortError(info, ctx.signal.reason)).catch(
          (error: unknown) => {
            throw forRequest(error, info)
          },
        )
      const sent = await guard(keeper.current({ signal: ctx.signal }))
      if (sent.tokens) put(ctx, sent.tokens.accessToken)
      // One refresh per request, however often an outer layer replays this one (ky#587).
      const state: AuthState = ctx.state.auth || { refreshed: false }
      ctx.state.auth = state
      let outcome = await attempt(next)
      if (!expired(ctx, outcome.error)) return settle(outcome)
      if (state.refreshed) throw refusedAgain(ctx, info, outcome)
      if (own?.refresh === false) {
        throw new AuthError(`${info.method} ${info.url} was refused: the token expired`, {
          request: info,
          cause: outcome.error ?? ctx.response,
          reason: 'unauthorized',
        })
      }
      put(ctx, await guard(keeper.renew(sent, { signal: ctx.signal })))
      state.refreshed = true
      outcome = await attempt(next)
      if (expired(ctx, outcome.error)) throw refusedAgain(ctx, info, outcome)
      settle(outcome)
    },
  }
}
