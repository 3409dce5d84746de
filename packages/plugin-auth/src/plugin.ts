/**
 * The auth middleware: puts the token on requests to allowed origins, and when the server
 * refuses it (401, or a business code) gets a fresh one from the shared single-flight refresh
 * and replays the request once, downstream only. Nothing upstream runs again, so no outer hook
 * can overwrite the refreshed header; a second refusal fails instead of looping.
 */
import { abortable, type Context, type Plugin } from '@miniwire/core'
import { type AuthError, type AuthErrorReason, authError, invalid, isAuthError } from './errors'
import { expiryCheck } from './expiry'
import { authOptions, providerSchema, requestOptions } from './options'
import { createKeeper, type Keeper } from './provider'
import { createOriginCheck, createPublicCheck } from './targets'
import type {
  AuthOptions,
  AuthRequestOptions,
  AuthState,
  TokenProvider,
  TokenProviderOptions,
} from './types'

/** The plugin, with its token provider for the socket and transfer packages. */
export interface AuthPlugin extends Plugin {
  readonly tokens: TokenProvider
}

/** This request's `AuthError`: its message starts with the request, `GET /me: …`. */
function failure(ctx: Context, reason: AuthErrorReason, text: string, cause: unknown): AuthError {
  const { method, url } = ctx.request
  return authError(reason, `${method} ${url}: ${text}`, cause, { method, url })
}

/** `ctx.state.auth` before and after the request's one refresh: shared, never written to. */
const NOT_REFRESHED: AuthState = Object.freeze({ refreshed: false })
const REFRESHED: AuthState = Object.freeze({ refreshed: true })

/** No per-request options: the plugin's own (none) apply. */
const NONE: AuthRequestOptions = {}

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
export function auth(given: AuthOptions = {}): AuthPlugin {
  const options = authOptions.resolve(given)
  const provided = given.tokens as Keeper | undefined
  // The provider options given beside a provider: they would be ignored, so they are refused.
  const clash = (Object.keys(providerSchema) as Array<keyof TokenProviderOptions>).find(
    (key) => given[key] !== undefined,
  )
  if (provided && clash)
    throw invalid(`pass either tokens or provider options (${clash}), not both`)
  const keeper = provided || createKeeper(options)
  const isPublic = createPublicCheck(options.publicPaths)
  const allowed = createOriginCheck(options.origins)
  const expired = expiryCheck(options)
  const header = options.header.toLowerCase()
  const scheme = options.scheme

  // The header value for the last token sent: most requests send the same token.
  let lastToken: string | undefined
  let lastValue = ''
  /** Sets the header; on a replay into a copy, since the last attempt's wx call may hold the old object. */
  function put(ctx: Context, token: string, copy: boolean): void {
    if (token !== lastToken) {
      lastToken = token
      lastValue = scheme ? `${scheme} ${token}` : token
    }
    let headers = ctx.request.headers
    if (copy) ctx.request.headers = headers = Object.assign({}, headers)
    // V8 adds a property under a computed name through a slow path (≈ 500 instructions a
    // request): the default header gets a plain assignment.
    if (header === 'authorization') headers.authorization = lastValue
    else headers[header] = lastValue
  }

  /**
   * Waits on the provider for this request: its abort leaves the wait, and an `AuthError` the
   * provider shared among its waiters is made again with this request's name. When no refresh
   * could run (signed out, none configured), the request's own refusal is the cause.
   */
  const guard = <T>(ctx: Context, promise: Promise<T>, refused?: unknown): Promise<T> =>
    abortable(promise, ctx).catch((error: unknown) => {
      if (!isAuthError(error)) throw error
      const { reason, cause } = error
      const impossible = refused !== undefined && (reason === 'no-token' || reason === 'no-refresh')
      throw failure(
        ctx,
        reason,
        error.message,
        impossible ? refused : cause !== undefined ? cause : error,
      )
    })

  /**
   * Sends with `token` (none: signed out) and hands a refusal to `recover`; the common case
   * (accepted) costs one `then`. The first send of this layer's run writes into the request's
   * headers; a replay (this layer's, or an outer layer's) into a copy, since the last attempt's
   * wx call may hold the old object.
   */
  function attempt(
    ctx: Context,
    next: () => Promise<void>,
    token: string | undefined,
    own: AuthRequestOptions,
  ): Promise<void> {
    const at = keeper.generation
    const replay = ctx.state.auth !== undefined
    if (!replay) ctx.state.auth = NOT_REFRESHED
    if (token !== undefined) put(ctx, token, replay)
    return next().then(
      () =>
        expired(ctx, undefined) ? recover(ctx, next, token, at, own, ctx.response) : undefined,
      (error: unknown) => {
        if (expired(ctx, error)) return recover(ctx, next, token, at, own, error)
        throw error
      },
    )
  }

  /**
   * The token was refused: one shared refresh, then one replay downstream. A refusal after this
   * request's refresh fails (never a loop, axios-auth-refresh#56), also when an outer layer
   * replays this one (one refresh per request, ky#587).
   */
  async function recover(
    ctx: Context,
    next: () => Promise<void>,
    sent: string | undefined,
    at: number,
    own: AuthRequestOptions,
    refused: unknown,
  ): Promise<void> {
    if (ctx.state.auth!.refreshed) {
      throw failure(
        ctx,
        'still-unauthorized',
        'refused again after the token was refreshed',
        refused,
      )
    }
    if (own.refresh === false) {
      throw failure(ctx, 'unauthorized', 'refused: the token expired', refused)
    }
    const token = await guard(ctx, keeper.renew(sent, at, ctx), refused)
    ctx.state.auth = REFRESHED
    return attempt(ctx, next, token, own)
  }

  return {
    name: 'auth',
    stage: 'auth',
    optionKeys: ['auth'],
    tokens: keeper,
    setup(client) {
      keeper.bind(client)
    },
    // Not async: a stored token is read and sent without waiting on a promise of its own.
    // A bad per-request option throws here; core's onion turns that into a rejection.
    middleware: function auth(ctx, next) {
      const own = requestOptions.forRequest(ctx, NONE, ctx.request.auth, ctx.client.defaults.auth)
      if (own === false || !(own.anyOrigin || allowed(ctx)) || isPublic(ctx)) return next()
      const token = keeper.current(ctx)
      // A string or undefined at once; an object is a promise (a wait, or an async storage).
      return typeof token === 'object'
        ? guard(ctx, token).then((read) => attempt(ctx, next, read, own))
        : attempt(ctx, next, token, own)
    },
  }
}
