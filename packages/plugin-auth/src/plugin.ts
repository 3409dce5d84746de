/**
 * The auth middleware: puts the token on requests to allowed origins, and when the server
 * refuses it (401, or a business code) gets a fresh one from the shared single-flight refresh
 * and replays the request once, downstream only. Nothing upstream runs again, so no outer hook
 * can overwrite the refreshed header; a second refusal fails instead of looping.
 */
import {
  abortable,
  type Context,
  checks,
  defineOptions,
  type ErrorRequestInfo,
  invalidOption,
  isBusinessError,
  isHttpError,
  joinURL,
  type Plugin,
  provide,
} from '@miniwire/core'
import { AuthError, isAuthError } from './errors'
import { createOriginCheck, type OriginCheck } from './origin'
import { type Snapshot, TokenKeeper } from './provider'
import { providerSchema } from './settings'
import type { AuthRequestOptions, TokenProvider, TokenProviderOptions } from './types'

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
  /(^|[/_-])(login|signin|sign-in|register|signup|sign-up|forgot-password|reset-password|refresh)\/?$/i,
]

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

const { func, string, either, arrayOf } = checks
const list = (expected: string, test: (item: unknown) => boolean) => ({
  expected,
  test: (value: unknown) => Array.isArray(value) && value.every(test),
})

/** Every option of `auth()`, checked when the plugin is made. */
const factoryOptions = defineOptions<AuthOptions, AuthOptions>({
  key: 'auth',
  schema: Object.assign({}, providerSchema, {
    tokens: checks.withMethods('a provider from createTokenProvider()', 'getToken', 'refresh'),
    header: string,
    scheme: { expected: 'a string', test: (v: unknown) => typeof v === 'string' },
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
  defaults: {},
})

/** The per-request `auth` option, layered over the client's `createClient({ auth })`. */
const requestOptions = defineOptions<AuthRequestOptions, AuthRequestOptions>({
  key: 'auth',
  schema: { anyOrigin: checks.boolean, refresh: checks.boolean },
  defaults: {},
})

/** The path of a URL, without origin, query or hash. */
function pathOf(url: string): string {
  const path = url.replace(/^[a-z][a-z\d+\-.]*:\/\/[^/?#\\]*/i, '')
  const end = path.search(/[?#]/)
  return end < 0 ? path : path.slice(0, end)
}

function publicCheck(given: AuthOptions['publicPaths']): (ctx: Context) => boolean {
  if (typeof given === 'function') {
    return (ctx) => given(joinURL(ctx.request.baseURL, ctx.request.url), ctx)
  }
  const paths = given || DEFAULT_PUBLIC_PATHS
  return (ctx) => {
    // The request's own URL is enough: every entry matches the end of the path.
    const path = pathOf(ctx.request.url)
    for (const entry of paths) {
      if (typeof entry === 'string' ? path.slice(-entry.length) === entry : entry.test(path)) {
        return true
      }
    }
    return false
  }
}

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
function forRequest(error: unknown, request: ErrorRequestInfo, refused: unknown): unknown {
  if (!isAuthError(error)) return error
  // No refresh could run (signed out, none configured): the request's own refusal is the cause.
  const impossible = error.reason === 'no-token' || error.reason === 'no-refresh'
  return new AuthError({
    message: `${request.method} ${request.url}: ${error.message}`,
    request,
    cause: impossible && refused !== undefined ? refused : (error.cause ?? error),
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

/** A refusal after this request already had its one refresh: fail, never loop (axios-auth-refresh#56). */
function refusedAgain(ctx: Context, info: ErrorRequestInfo, outcome: Outcome): AuthError {
  return new AuthError({
    message: `${info.method} ${info.url} was refused again after the token was refreshed`,
    request: info,
    cause: outcome.failed ? outcome.error : ctx.response,
    reason: 'still-unauthorized',
  })
}

const isThenable = <T>(value: T | Promise<T>): value is Promise<T> =>
  !!value && typeof (value as Promise<T>).then === 'function'

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
  if (options.tokens && PROVIDER_KEYS.some((key) => options[key] !== undefined)) {
    throw invalidOption(
      `auth(): pass either tokens or provider options (${PROVIDER_KEYS.join(', ')}), not both`,
    )
  }
  const tokens = options.tokens
  if (tokens !== undefined && !(tokens instanceof TokenKeeper)) {
    throw invalidOption('auth(): tokens must come from createTokenProvider()')
  }
  const keeper = tokens || new TokenKeeper(options)
  const isPublic = publicCheck(options.publicPaths)
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
  const infoOf = (ctx: Context): ErrorRequestInfo => ({
    method: ctx.request.method,
    url: ctx.request.url,
  })
  /** Waits on the provider for this request: its abort leaves the wait, errors name it. */
  const guard = <T>(ctx: Context, promise: Promise<T>, refused?: unknown): Promise<T> =>
    abortable(promise, ctx).catch((error: unknown) => {
      throw forRequest(error, infoOf(ctx), refused)
    })

  /** The token was refused: one shared refresh, then one replay downstream. */
  async function recover(
    ctx: Context,
    next: () => Promise<void>,
    sent: Snapshot,
    own: AuthRequestOptions,
    outcome: Outcome,
  ): Promise<void> {
    const info = infoOf(ctx)
    const state = ctx.state.auth!
    if (state.refreshed) throw refusedAgain(ctx, info, outcome)
    const refused = outcome.failed ? outcome.error : ctx.response
    if (own.refresh === false) {
      throw new AuthError({
        message: `${info.method} ${info.url} was refused: the token expired`,
        request: info,
        cause: refused,
        reason: 'unauthorized',
      })
    }
    put(ctx, await guard(ctx, keeper.renew(sent, { signal: ctx.signal }), refused))
    state.refreshed = true
    outcome = await attempt(next)
    if (expired(ctx, outcome.error)) throw refusedAgain(ctx, info, outcome)
    if (outcome.failed) throw outcome.error
  }

  /** Sends with the token read; the common case (accepted) costs one `then`. */
  function send(
    ctx: Context,
    next: () => Promise<void>,
    sent: Snapshot,
    own: AuthRequestOptions,
  ): Promise<void> {
    if (sent.tokens) put(ctx, sent.tokens.accessToken)
    // One refresh per request, however often an outer layer replays this one (ky#587).
    if (!ctx.state.auth) ctx.state.auth = { refreshed: false }
    return next().then(
      () => {
        if (expired(ctx, undefined)) {
          return recover(ctx, next, sent, own, { failed: false, error: undefined })
        }
      },
      (error: unknown) => {
        if (expired(ctx, error)) return recover(ctx, next, sent, own, { failed: true, error })
        throw error
      },
    )
  }

  return {
    name: 'auth',
    stage: 'auth',
    optionKeys: ['auth'],
    tokens: keeper,
    setup(client) {
      keeper.bind(client)
      provide(client, 'tokens', keeper)
    },
    // Not async: a stored token is read and sent without a promise of its own.
    middleware: function auth(ctx, next) {
      let own: AuthRequestOptions | false
      try {
        own = requestOptions.forRequest(ctx, NONE)
      } catch (error) {
        return Promise.reject(error)
      }
      if (own === false || !(own.anyOrigin || allowed(ctx)) || isPublic(ctx)) return next()
      const options = own
      const sent = keeper.current({ signal: ctx.signal })
      return isThenable(sent)
        ? guard(ctx, sent).then((snap) => send(ctx, next, snap, options))
        : send(ctx, next, sent, options)
    },
  }
}
