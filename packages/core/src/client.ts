/**
 * The client: defaults, the staged middleware stack, events, and cancellation by group or
 * all at once. Each request makes one context and runs the onion once; replays happen inside.
 * Private members start with `_`: the build mangles them (core's size budget is 3 KB).
 */
import mitt, { type Emitter } from 'mitt'
import { adapter } from './adapter'
import { AbortError } from './errors'
import { createDispatch, type Dispatch } from './pipeline'
import { type Defaults, invalid, normalizeRequest, resolveDefaults } from './request'
import { Live } from './live'
import { getScheduler, type Scheduler } from './scheduler'
import {
  type BaseOptions,
  type BodyVerbConfig,
  type ClientEvents,
  type Context,
  type Middleware,
  type MiniwireRequest,
  type MiniwireResponse,
  type Plugin,
  type RequestConfig,
  type RequestOptions,
  STAGES,
  type Stage,
  type VerbConfig,
  type WxRuntime,
} from './types'

/** Options of `createClient()`: request defaults plus the runtime and the stack. */
export interface ClientOptions extends BaseOptions, RequestOptions {
  /**
   * The wx-shaped runtime object. Resolved at call time, never at import.
   * @default the global `wx`
   * @example createClient({ wx: createWx() }) // @miniwire/wx-node in tests
   */
  wx?: WxRuntime
  /**
   * Network tasks at once for this runtime (app-wide: every client on the same `wx` shares
   * one scheduler).
   * @default 10
   */
  maxConcurrent?: number
  /** Plugins or middlewares to `use()` at once. */
  plugins?: Array<Plugin | Middleware>
}

/** Where `use()` places a plain middleware. */
export interface UseOptions {
  /** @default 'user' (just outside the adapter) */
  stage?: Stage
  /** Shown in `client.plugins`. @default the function's name */
  name?: string
}

interface Layer {
  name: string
  /** Stage rank × 1e6 + insertion order: one number sorts the stack. */
  rank: number
  middleware: Middleware
}

/** An HTTP client. Make one with `createClient()`. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the verbs are installed on the prototype below
export class Client {
  /** The resolved defaults: core options and plugin options, flat. */
  readonly defaults: Readonly<Defaults>
  private readonly _runtime: WxRuntime | undefined
  private readonly _limit: number | undefined
  /** The client this one was `extend()`ed from. */
  readonly parent: Client | undefined
  private readonly _emitter: Emitter<Record<keyof ClientEvents, unknown>> = mitt()
  private readonly _live: Live
  private readonly _extras: string[]
  private _layers: Layer[]
  private _seq: number
  private _dispatch!: Dispatch
  private _scheduler: Scheduler | undefined

  constructor(options: ClientOptions = {}, parent?: Client) {
    const [defaults, extras] = resolveDefaults(options, parent && parent.defaults)
    this.defaults = defaults
    this._extras = extras
    this._runtime = options.wx || (parent && parent._runtime)
    const limit = options.maxConcurrent || (parent && parent._limit)
    if (limit !== undefined && !(limit >= 1)) {
      throw invalid(`createClient(): maxConcurrent must be ≥ 1, got ${limit}`)
    }
    this._limit = limit
    this.parent = parent
    this._live = parent ? parent._live : new Live()
    this._layers = parent ? parent._layers.slice() : []
    this._seq = parent ? parent._seq : 0
    this._rebuild()
    for (const item of options.plugins || []) this.use(item)
  }

  /** The runtime object: the one given, or the global `wx` looked up now. */
  get wx(): WxRuntime {
    const runtime = this._runtime || (typeof wx === 'undefined' ? undefined : wx)
    if (!runtime) throw invalid('no wx runtime: no global wx, pass createClient({ wx })')
    return runtime
  }

  /** The scheduler shared by every client on this runtime. */
  get scheduler(): Scheduler {
    // An explicit runtime never changes: look its scheduler up once (hot path).
    if (this._runtime)
      return this._scheduler || (this._scheduler = getScheduler(this._runtime, this._limit))
    return getScheduler(this.wx, this._limit)
  }

  /** Names of the layers, outermost first. */
  get plugins(): string[] {
    return this._layers.map((layer) => layer.name)
  }

  /**
   * Adds a plugin or a middleware. Plugins sit at their declared stage whatever the call
   * order; a plugin with the same name replaces the earlier one (e.g. in a child client).
   *
   * @example
   * client.use(retry()).use(auth({ … })).use(async function trace(ctx, next) { await next() })
   */
  use(item: Plugin | Middleware, options: UseOptions = {}): this {
    const plugin: Plugin =
      typeof item === 'function'
        ? { name: options.name || item.name || 'middleware', middleware: item }
        : item
    const { name, middleware } = plugin || ({} as Plugin)
    if (typeof name !== 'string' || (middleware && typeof middleware !== 'function')) {
      throw invalid(
        `use(): expected a middleware or a plugin { name, middleware? }, got ${typeof name === 'string' ? `plugin "${name}" whose middleware is no function` : item === null ? 'null' : typeof item}`,
      )
    }
    const stage = options.stage || plugin.stage || 'user'
    const rank = STAGES.indexOf(stage)
    if (rank < 0) throw invalid(`use(): unknown stage "${stage}" (use ${STAGES.join(', ')})`)
    if (typeof item !== 'function') this._layers = this._layers.filter((l) => l.name !== name)
    if (middleware) this._layers.push({ name, rank: rank * 1e6 + this._seq++, middleware })
    this._rebuild()
    if (plugin.setup) plugin.setup(this)
    return this
  }

  private _rebuild(): void {
    this._layers.sort((a, b) => a.rank - b.rank)
    this._dispatch = createDispatch(
      this._layers.map((l) => l.middleware),
      adapter,
    )
  }

  /**
   * A child client: inherits defaults (headers merged), middleware and the scheduler; its
   * events also reach the parent's listeners.
   *
   * @example
   * const admin = client.extend({ baseURL: 'https://admin.example.com', headers: { 'x-role': 'admin' } })
   */
  extend(options: ClientOptions = {}): Client {
    return new Client(options, this)
  }

  /** Listens to a client event. */
  on<K extends keyof ClientEvents>(type: K, handler: (event: ClientEvents[K]) => void): this {
    this._emitter.on(type, handler as (event: unknown) => void)
    return this
  }

  /** Stops listening. */
  off<K extends keyof ClientEvents>(type: K, handler: (event: ClientEvents[K]) => void): this {
    this._emitter.off(type, handler as (event: unknown) => void)
    return this
  }

  /** Emits an event to this client's listeners and its ancestors'. */
  emit<K extends keyof ClientEvents>(type: K, event: ClientEvents[K]): void {
    // Nobody ever listened: skip mitt's two look-ups (twice per request).
    if (this._emitter.all.size) this._emitter.emit(type, event)
    if (this.parent) this.parent.emit(type, event)
  }

  /**
   * Sends a request and resolves to the full response (status, headers, cookies, profile, data).
   *
   * @example
   * const { status, headers, data } = await client.send<User>({ url: '/users/1' })
   */
  send<T = unknown>(config: RequestConfig): Promise<MiniwireResponse<T>> {
    return this._send(config, false) as Promise<MiniwireResponse<T>>
  }

  /** Sends a request and resolves to the response data. */
  request<T = unknown>(config: RequestConfig): Promise<T> {
    return this._send(config, true) as Promise<T>
  }

  /** One request: the verb helpers pass `method`, `url` and `data` beside their config. */
  private _send(
    config: RequestConfig | undefined,
    dataOnly: boolean,
    method?: string,
    url?: string,
    data?: unknown,
  ): Promise<unknown> {
    let request: MiniwireRequest
    try {
      request = normalizeRequest(this.defaults, this._extras, config, method, url, data)
    } catch (error) {
      return Promise.reject(error)
    }
    const signal = new Live(this._live, request.group)
    const ctx: Context = {
      client: this,
      request,
      response: undefined,
      state: {},
      attempts: 0,
      signal,
    }
    const outer = request.signal
    const link = outer && ((): void => signal._fire(outer.reason))
    if (link) {
      if (outer.aborted) link()
      else outer.addEventListener('abort', link)
    }
    this.emit('request', ctx)
    const settle = (error?: unknown): unknown => {
      signal._unlink()
      if (link) outer.removeEventListener('abort', link)
      if (!error && !ctx.response) {
        error = invalid(
          `${request.method} ${request.url}: no response (no middleware called next() or set ctx.response)`,
        )
      }
      if (error) {
        this.emit('error', { ctx, error })
        throw error
      }
      this.emit('response', ctx)
      return dataOnly ? ctx.response!.data : ctx.response
    }
    return this._dispatch(ctx).then(
      () => settle(),
      (error: unknown) => settle(error || new Error(String(error))),
    )
  }

  /**
   * Aborts every request in flight or queued, on this client and its family; returns how many.
   * @example wx.onAppHide(() => client.abortAll())
   */
  abortAll(reason?: unknown): number {
    return this.abortGroup(undefined, reason)
  }

  /**
   * Aborts the requests made with `group` (every request when `group` is undefined), e.g.
   * every request of a page on its unload; returns how many.
   * @example onUnload() { client.abortGroup('pages/detail/detail') }
   */
  abortGroup(group: string | undefined, reason?: unknown): number {
    let count = 0
    const head = this._live
    for (let live = head._next; live !== head; ) {
      const next = live._next
      if (group === undefined || live._group === group) {
        count++
        live._fire!(
          reason === undefined ? new AbortError(undefined, 'aborted by the client') : reason,
        )
      }
      live = next
    }
    return count
  }
}

type Verb = <T = unknown>(url: string, config?: VerbConfig) => Promise<T>
type BodyVerb = <T = unknown>(url: string, data?: unknown, config?: BodyVerbConfig) => Promise<T>

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the verbs are installed on the prototype below
export interface Client {
  /** @example const user = await client.get<User>('/users/1', { params: { fields: 'name' } }) */
  get: Verb
  /** @example await client.delete('/users/1') */
  delete: Verb
  /** Resolves to the (usually empty) data; use `send({ method: 'HEAD' })` for the headers. */
  head: Verb
  options: Verb
  /** @example const created = await client.post<User>('/users', { name: '张三' }) */
  post: BodyVerb
  put: BodyVerb
  /** Sent as POST with `X-HTTP-Method-Override: PATCH` (wx has no PATCH). */
  patch: BodyVerb
}

type Sender = (
  config: RequestConfig | undefined,
  dataOnly: boolean,
  method: string,
  url: string,
  data: unknown,
) => Promise<unknown>

// One small function per verb instead of seven copies: core's size budget is 3 KB.
for (const verb of ['get', 'delete', 'head', 'options', 'post', 'put', 'patch']) {
  const method = verb.toUpperCase()
  const hasBody = verb[0] === 'p'
  ;(Client.prototype as unknown as Record<string, unknown>)[verb] = function (
    this: Client,
    url: string,
    a?: unknown,
    b?: RequestConfig,
  ) {
    return (this as unknown as { _send: Sender })._send(
      (hasBody ? b : a) as RequestConfig | undefined,
      true,
      method,
      url,
      hasBody ? a : undefined,
    )
  }
}

/**
 * Makes a client.
 *
 * @example
 * import { createClient } from '@miniwire/core'
 * const client = createClient({ baseURL: 'https://api.example.com', timeout: 10_000 })
 * const users = await client.get<User[]>('/users', { params: { page: 1 } })
 */
export function createClient(options: ClientOptions = {}): Client {
  return new Client(options)
}
