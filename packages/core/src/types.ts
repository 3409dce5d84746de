/**
 * The shapes every package shares: request config, context, middleware, plugin, events.
 * The empty interfaces (`RequestOptions`, `ContextState`, `ClientEvents`, `Register`) stay
 * interfaces so that plugins and apps can extend them with declaration merging.
 */
import type { AbortSignalLike } from './abort'
import type { Client } from './client'
import type { Stage, StagePosition } from './stages'

/** The part of the wx API miniwire touches: `request` is required, the rest is optional. */
export type WxRuntime = Pick<WechatMiniprogram.Wx, 'request'> &
  Partial<Omit<WechatMiniprogram.Wx, 'request'>>

/** HTTP methods miniwire accepts. wx has no PATCH: core sends it as POST + override header. */
export type Method =
  | 'GET'
  | 'POST'
  | 'PUT'
  | 'DELETE'
  | 'HEAD'
  | 'OPTIONS'
  | 'PATCH'
  | 'TRACE'
  | 'CONNECT'

/** Scheduler priority of a network task. */
export type Priority = 'high' | 'normal' | 'low'

/** Query parameters: arrays repeat the key, nested objects use brackets, Dates go ISO. */
export type Params = Record<string, unknown>

/** Turns `params` into a query string without the leading `?`. */
export type ParamsSerializer = (params: Params) => string

/** Extra `wx.request` switches passed through untouched. */
export type WxRequestSwitches = Pick<
  WechatMiniprogram.RequestOption,
  | 'enableHttp2'
  | 'enableQuic'
  | 'enableCache'
  | 'enableChunked'
  | 'enableProfile'
  | 'enableHttpDNS'
  | 'httpDNSServiceId'
  | 'forceCellularNetwork'
  | 'redirect'
  | 'useHighPerformanceMode'
>

/**
 * Per-request options that plugins add with declaration merging.
 *
 * @example
 * declare module '@miniwire/core' {
 *   interface RequestOptions { retry?: RetryOptions | false }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by plugins through declaration merging
export interface RequestOptions {}

/**
 * A bag that middlewares share within one request. Plugins add their fields with declaration
 * merging, as Hono's `ContextVariableMap`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by plugins through declaration merging
export interface ContextState {}

/**
 * App-level registration read with `infer`. `envelope` is the business envelope the API wraps
 * every answer in; register it when an envelope-aware plugin (plugin-errors) unwraps it, and
 * `response.envelope` is typed with the request's `T` in its data field. `envelopeData` names
 * that field when it is not `data`.
 *
 * @example
 * declare module '@miniwire/core' {
 *   interface Register { envelope: { code: number; message: string; data: unknown } }
 * }
 * const user = await client.get<User>('/users/1')             // User (unwrapped)
 * const { envelope } = await client.send<User>({ url: '/users/1' })
 * envelope?.code // number; envelope?.data: User
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by apps through declaration merging
export interface Register {}

/** The registered business envelope, or `unknown` when the app registered none. */
export type RegisteredEnvelope = Register extends { envelope: infer E } ? E : unknown

/**
 * The data field of the envelope a registry `R` names.
 * @default 'data'
 */
export type EnvelopeDataKey<R = Register> = R extends { envelopeData: infer K extends PropertyKey }
  ? K
  : 'data'

/**
 * The envelope a registry `R` registers, with `T` in its data field; `unknown` when `R` has no
 * envelope. `Envelope<T>` reads the app's `Register`; this form takes any registry.
 */
export type EnvelopeOf<R, T = unknown> = R extends { envelope: infer E }
  ? { [K in keyof E]: K extends EnvelopeDataKey<R> ? T : E[K] }
  : unknown

/**
 * The app's registered envelope carrying `T`.
 * @example Envelope<User> // { code: number; message: string; data: User } once registered
 */
export type Envelope<T = unknown> = EnvelopeOf<Register, T>

/** Options shared by the client defaults and each request. */
export interface BaseOptions {
  /**
   * Prefix for relative URLs. Absolute URLs (`https://…`) bypass it.
   * @default ''
   * @example 'https://api.example.com/v1'
   */
  baseURL?: string
  /**
   * Headers, merged case-insensitively over the client's. Values must be strings.
   * @default { 'content-type': 'application/json' } only when a body is sent
   * @example { Authorization: 'Bearer xyz' }
   */
  headers?: Record<string, string>
  /**
   * Milliseconds before the request fails with `TimeoutError`.
   * @default 60000
   * @example 10_000
   */
  timeout?: number
  /**
   * `'arraybuffer'` gives the body as an ArrayBuffer.
   * @default 'text'
   */
  responseType?: 'text' | 'arraybuffer'
  /**
   * `'json'` parses the body (a body that is not JSON stays a string, as wx does).
   * @default 'json'
   */
  dataType?: 'json' | 'text'
  /**
   * Custom query serializer.
   * @default core's `serializeParams`
   */
  paramsSerializer?: ParamsSerializer
  /**
   * Which statuses resolve; the others reject with `HttpError`.
   * @default (status) => status >= 200 && status < 300
   */
  validateStatus?: (status: number) => boolean
  /**
   * Extra `wx.request` switches (enableHttp2, enableChunked, …), passed through.
   * @default {}
   */
  wxOptions?: WxRequestSwitches
}

/** The status line and headers, given to `onHeaders` before the body arrives. */
export interface ResponseHead {
  status: number
  /** Lower-case header names. */
  headers: Record<string, string>
  cookies: string[]
}

/** What a caller passes to `client.request()`. */
export interface RequestConfig extends BaseOptions, RequestOptions {
  /** Relative to `baseURL`, or absolute. */
  url: string
  /**
   * @default 'GET'
   */
  method?: Method | Lowercase<Method>
  /**
   * Query parameters appended to the URL.
   * @example { page: 1, tags: ['a', 'b'] }
   */
  params?: Params
  /** Body: objects go as JSON (or form-encoded by content-type), strings and ArrayBuffers as they are. */
  data?: unknown
  /** Cancels the request: before send, while queued, or in flight. */
  signal?: AbortSignalLike
  /**
   * Scheduler priority.
   * @default 'normal'
   */
  priority?: Priority
  /**
   * A group name for `client.abortGroup(name)`, e.g. a page route.
   * @example 'pages/index/index'
   */
  group?: string
  /**
   * Called with the status and headers as soon as they arrive, before the body (each attempt).
   * @example onHeaders: ({ status, headers }) => console.log(status, headers['content-type'])
   */
  onHeaders?: (head: ResponseHead) => void
  /**
   * Streams the body: turns on wx's `enableChunked` and hands each chunk over as it arrives,
   * still inside the onion (auth, monitor, loading and abort apply). A throw aborts the request
   * with that error. `@miniwire/stream` parses SSE and NDJSON on top of it.
   * @example onChunk: (chunk) => parser.push(chunk)
   */
  onChunk?: (chunk: ArrayBuffer) => void
  /**
   * Asked by a layer that replays the request (plugin-retry) before it does: `false` says a
   * replay would repeat what the caller already has, e.g. a stream whose body has started
   * reaching it through `onChunk`. Read at each decision, so it can change while the request runs.
   * @default every request may be replayed
   * @example replayable: () => !bodyStarted
   */
  replayable?: () => boolean
}

/** Config for the verb helpers: everything but what the helper sets. */
export type VerbConfig = Omit<RequestConfig, 'url' | 'method'>
/** Config for the body verbs (`post`, `put`, `patch`): `data` is a positional argument. */
export type BodyVerbConfig = Omit<RequestConfig, 'url' | 'method' | 'data'>

/** The request as the onion sees it: defaults applied, method upper-cased, headers lower-cased. */
export interface MiniwireRequest extends RequestOptions {
  url: string
  method: Method
  baseURL: string
  params: Params | undefined
  data: unknown
  /** Lower-case header names. */
  headers: Record<string, string>
  timeout: number
  responseType: 'text' | 'arraybuffer'
  dataType: 'json' | 'text'
  paramsSerializer: ParamsSerializer
  validateStatus: (status: number) => boolean
  wxOptions: WxRequestSwitches | undefined
  signal: AbortSignalLike | undefined
  priority: Priority
  group: string | undefined
  onHeaders: ((head: ResponseHead) => void) | undefined
  onChunk: ((chunk: ArrayBuffer) => void) | undefined
  replayable: (() => boolean) | undefined
}

/** The full response. */
export interface MiniwireResponse<T = unknown> {
  status: number
  /** Lower-case header names. */
  headers: Record<string, string>
  data: T
  cookies: string[]
  /** wx's timing profile, when the runtime gives one. */
  profile: WechatMiniprogram.RequestProfile | undefined
  /**
   * The business envelope `data` came in, when an envelope-aware plugin (plugin-errors)
   * unwrapped it: typed from `Register['envelope']` with `T` in its data field.
   */
  envelope?: Envelope<T> | undefined
}

/** What one request carries through the onion. */
export interface Context<T = unknown> {
  readonly client: Client
  request: MiniwireRequest
  /** Set by the adapter (or a cache) on success. */
  response: MiniwireResponse<T> | undefined
  /** Shared between middlewares; see `ContextState`. */
  state: ContextState
  /** How many times the adapter has run for this request (replays count). */
  attempts: number
  /**
   * Fires when the caller's `signal` aborts or the client aborts the request (`abortAll`,
   * `abortGroup`). Middlewares that wait (a backoff, a refresh) should listen to it.
   */
  readonly signal: AbortSignalLike
}

/** Options of a `next()` call. */
export interface NextOptions {
  /**
   * The downstream run may outlive this middleware (a background revalidation): the onion's
   * guard does not count it, and its rejection is caught. Pair it with `context` so the run
   * does not write into the context the caller is being answered from.
   * @default false
   */
  background?: boolean
  /**
   * Runs the downstream with another context, e.g. `forkContext(ctx)`.
   * @default the current context
   */
  context?: Context
}

/** Runs everything downstream afresh; may be called again to replay. */
export type Next = (options?: NextOptions) => Promise<void>
/** One layer of the onion. */
export type Middleware = (ctx: Context, next: Next) => Promise<void>

/** A named, staged middleware with an optional setup hook. */
export interface Plugin {
  /** Shown in stack traces, guard errors and `client.plugins`. */
  name: string
  /**
   * Where the middleware sits in the onion.
   * @default 'user'
   */
  stage?: Stage
  /**
   * Declares `stage` next to a known one when nobody has yet (see `defineStage()`).
   * @example { name: 'trace', stage: 'trace', position: { after: 'monitor' } }
   */
  position?: StagePosition
  /**
   * The request options this plugin reads (`['retry']`). A client warns once about a request
   * option that no plugin on it reads, such as `{ retry: 3 }` on a client without retry().
   * @default []
   */
  optionKeys?: readonly string[]
  middleware?: Middleware
  /** Called once when the plugin is `use()`d on a client. */
  setup?(client: Client): void
}

/**
 * Events a client emits. Plugins add theirs with declaration merging.
 */
export interface ClientEvents {
  /** A request entered the onion. */
  request: Context
  /** A request resolved. */
  response: Context
  /** A request rejected. */
  error: { ctx: Context; error: unknown }
}
