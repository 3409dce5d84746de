/**
 * The auth middleware: puts the token on requests to allowed origins, and when the server
 * refuses it (401, or a business code) gets a fresh one from the shared single-flight refresh
 * and replays the request once, downstream only. Nothing upstream runs again, so no outer hook
 * can overwrite the refreshed header; a second refusal fails instead of looping.
 */
import {
  abortable,
  type Context,
  defineOptions,
  type ErrorRequestInfo,
  isBusinessError,
  isHttpError,
  type Plugin,
} from '@miniwire/core'
import { authError, invalid, isAuthError } from './errors'
import { createOriginCheck, fullURL, type OriginCheck, pathOf } from './origin'
import { createKeeper, isThenable, type Keeper, type Snapshot } from './provider'
import {
  arrayOf,
  boolean,
  either,
  func,
  oneOf,
  type ProviderSettings,
  providerDefaults,
  providerSchema,
  string,
  withMethods,
} from './settings'
import type { AuthRequestOptions, AuthState, TokenProvider, TokenProviderOptions } from './types'

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

/**
 * Paths that need no token: the ends of login, register/sign-up, forgot/reset-password and
 * refresh endpoints (`/auth/login`, `/auth/wx-login`, `/v1/users/register`, `/token/refresh`, …).
 */
export const DEFAULT_PUBLIC_PATHS: readonly RegExp[] = [
  /(^|[/_-])(login|sign-?in|register|sign-?up|(forgot|reset)-password|refresh)\/?$/i,
]

/** The plugin, with its token provider for the socket and transfer packages. */
export interface AuthPlugin extends Plugin {
  readonly tokens: TokenProvider
}

const list = (expected: string, test: (item: unknown) => boolean) => ({
  expected,
  test: (value: unknown) => Array.isArray(value) && value.every(test),
})

/** `auth()`'s options with their defaults applied. */
type Settings = AuthOptions &
  ProviderSettings & {
    header: string
    scheme: string
    statusCodes: readonly number[]
    businessCodes: ReadonlyArray<string | number>
    codeField: string
  }

/** Every option of `auth()`, checked when the plugin is made. */
const factoryOptions = defineOptions<AuthOptions, Settings>({
  key: 'auth',
  schema: Object.assign({}, providerSchema, {
    tokens: withMethods('a provider from createTokenProvider()', 'current', 'renew'),
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
  defaults: Object.assign(
    {
      header: 'Authorization',
      scheme: 'Bearer',
      statusCodes: [401],
      businessCodes: [],
      codeField: 'code',
    },
    providerDefaults,
  ),
})

/** The per-request `auth` option, layered over the client's `createClient({ auth })`. */
const requestOptions = defineOptions<AuthRequestOptions, AuthRequestOptions>({
  key: 'auth',
  schema: { anyOrigin: boolean, refresh: boolean },
  defaults: {},
})

/** Whether a request needs no token; the answer for the last URL is kept (most repeat). */
function publicCheck(given: AuthOptions['publicPaths']): (ctx: Context) => boolean {
  if (typeof given === 'function') return (ctx) => given(fullURL(ctx), ctx)
  const paths = given || DEFAULT_PUBLIC_PATHS
  let lastURL: string | undefined
  let lastAnswer = false
  return (ctx) => {
    // The request's own URL is enough: every entry matches the end of the path.
    const url = ctx.request.url
    if (url !== lastURL) {
      const path = pathOf(url)
      lastURL = url
      lastAnswer = paths.some((entry) =>
        typeof entry === 'string' ? path.slice(-entry.length) === entry : entry.test(path),
      )
    }
    return lastAnswer
  }
}

function expiryCheck(options: Settings): (ctx: Context, error: unknown) => boolean {
  const { statusCodes: statuses, businessCodes: codes, codeField: field } = options
  return (
    options.isExpired ||
    ((ctx, error) => {
      if (error !== undefined) {
        if (isHttpError(error)) return statuses.indexOf(error.status) >= 0
        return isBusinessError(error) && codes.indexOf(error.businessCode) >= 0
      }
      const res = ctx.response
      const data = res && (res.data as Record<string, unknown> | null)
      return (
        !!res &&
        (statuses.indexOf(res.status) >= 0 ||
          (!!data && typeof data === 'object' && codes.indexOf(data[field] as number) >= 0))
      )
    })
  )
}

/** Puts this request's name on an error the provider shared among its waiters. */
function forRequest(error: unknown, request: ErrorRequestInfo, refused: unknown): unknown {
  if (!isAuthError(error)) return error
  // No refresh could run (signed out, none configured): the request's own refusal is the cause.
  const impossible = error.reason === 'no-token' || error.reason === 'no-refresh'
  return authError(
    error.reason,
    `${request.method} ${request.url}: ${error.message}`,
    impossible && refused !== undefined ? refused : error.cause !== undefined ? error.cause : error,
    request,
  )
}

const infoOf = (ctx: Context): ErrorRequestInfo => ({
  method: ctx.request.method,
  url: ctx.request.url,
})

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
  const options = factoryOptions.resolve(given)
  const provided = given.tokens as Keeper | undefined
  const providerKeys = Object.keys(providerSchema) as Array<keyof TokenProviderOptions>
  if (provided && providerKeys.some((key) => given[key] !== undefined)) {
    throw invalid(`pass either tokens or provider options (${providerKeys.join(', ')}), not both`)
  }
  const keeper = provided || createKeeper(options)
  const isPublic = publicCheck(options.publicPaths)
  const header = options.header.toLowerCase()
  const scheme = options.scheme
  const allowed = createOriginCheck(options.origins)
  const expired = expiryCheck(options)

  // The header value for the last token sent: most requests send the same token.
  let lastToken: string | undefined
  let lastValue = ''
  /** Sets the header; on a replay into a copy, since the last attempt's wx call may hold the old object. */
  function put(ctx: Context, token: string, copy: boolean): void {
    if (token !== lastToken) {
      lastToken = token
      lastValue = scheme ? `${scheme} ${token}` : token
    }
    const headers = copy ? Object.assign({}, ctx.request.headers) : ctx.request.headers
    headers[header] = lastValue
    ctx.request.headers = headers
  }

  /** Waits on the provider for this request: its abort leaves the wait, errors name it. */
  const guard = <T>(ctx: Context, promise: Promise<T>, refused?: unknown): Promise<T> =>
    abortable(promise, ctx).catch((error: unknown) => {
      throw forRequest(error, infoOf(ctx), refused)
    })

  /**
   * Sends with `token` (by default the one read for this request; none: signed out) and hands
   * a refusal to `recover`; the common case (accepted) costs one `then`. The first send of this
   * layer's run writes into the request's headers; a replay (this layer's, or an outer layer's)
   * into a copy, since the last attempt's wx call may hold the old object.
   */
  function attempt(
    ctx: Context,
    next: () => Promise<void>,
    sent: Snapshot,
    own: AuthRequestOptions,
    token = sent.tokens && sent.tokens.accessToken,
  ): Promise<void> {
    const replay = ctx.state.auth !== undefined
    if (!replay) ctx.state.auth = NOT_REFRESHED
    if (token !== undefined) put(ctx, token, replay)
    return next().then(
      () => (expired(ctx, undefined) ? recover(ctx, next, sent, own, ctx.response) : undefined),
      (error: unknown) => {
        if (expired(ctx, error)) return recover(ctx, next, sent, own, error)
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
    sent: Snapshot,
    own: AuthRequestOptions,
    refused: unknown,
  ): Promise<void> {
    const request = infoOf(ctx)
    const where = `${request.method} ${request.url} was refused`
    if (ctx.state.auth!.refreshed) {
      throw authError(
        'still-unauthorized',
        `${where} again after the token was refreshed`,
        refused,
        request,
      )
    }
    if (own.refresh === false) {
      throw authError('unauthorized', `${where}: the token expired`, refused, request)
    }
    const token = await guard(ctx, keeper.renew(sent, ctx), refused)
    ctx.state.auth = REFRESHED
    return attempt(ctx, next, sent, own, token)
  }

  return {
    name: 'auth',
    stage: 'auth',
    optionKeys: ['auth'],
    tokens: keeper,
    setup(client) {
      keeper.bind(client, true)
    },
    // Not async: a stored token is read and sent without waiting on a promise of its own.
    // A bad per-request option throws here; core's onion turns that into a rejection.
    middleware: function auth(ctx, next) {
      const own = requestOptions.forRequest(ctx, NONE)
      if (own === false || !(own.anyOrigin || allowed(ctx)) || isPublic(ctx)) return next()
      const sent = keeper.current(ctx)
      return isThenable(sent)
        ? guard(ctx, sent).then((snap) => attempt(ctx, next, snap, own))
        : attempt(ctx, next, sent, own)
    },
  }
}
