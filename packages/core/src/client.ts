/**
 * The client: defaults, the staged middleware stack, events, and cancellation by group or
 * all at once. Each request makes one context and runs the onion once; replays happen inside.
 */
import mitt, { type Emitter } from 'mitt'
import { adapter } from './adapter'
import { createDispatch, type Dispatch } from './pipeline'
import { invalidOption } from './kit/checks'
import { followAbort } from './kit/follow'
import { LiveRequests, RequestSignal } from './live'
import { type Defaults, normalizeRequest, resolveDefaults } from './request'
import { getScheduler, type Scheduler } from './scheduler'
import { defineStage, type Stage, stageIndex } from './stages'
import type {
  BaseOptions,
  BodyVerbConfig,
  ClientEvents,
  Context,
  Middleware,
  MiniwireRequest,
  MiniwireResponse,
  Plugin,
  RequestConfig,
  RequestOptions,
  VerbConfig,
  WxRuntime,
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
  stage: Stage
  /** Insertion order within a stage. */
  seq: number
  middleware: Middleware
}

const warn = (message: string): void => {
  if (typeof console !== 'undefined') console.warn(`[miniwire] ${message}`)
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
  /** The requests in flight or queued, in the whole client family. */
  private readonly _live: LiveRequests
  private readonly _extras: string[]
  private _layers: Layer[]
  private _seq: number
  private _dispatch!: Dispatch
  private _scheduler: Scheduler | undefined
  /** Request options some plugin on this client reads. */
  private readonly _claimed: Record<string, true>
  private readonly _warned: Record<string, true> = {}
  private _checkedDefaults = false

  constructor(options: ClientOptions = {}, parent?: Client) {
    const [defaults, extras] = resolveDefaults(options, parent && parent.defaults)
    this.defaults = defaults
    this._extras = extras
    this._runtime = options.wx || (parent && parent._runtime)
    const limit = options.maxConcurrent || (parent && parent._limit)
    if (limit !== undefined && !(limit >= 1)) {
      throw invalidOption(`createClient(): maxConcurrent must be ≥ 1, got ${limit}`)
    }
    this._limit = limit
    this.parent = parent
    this._live = parent ? parent._live : new LiveRequests()
    this._layers = parent ? parent._layers.slice() : []
    this._seq = parent ? parent._seq : 0
    this._claimed = Object.assign({}, parent && parent._claimed)
    this._rebuild()
    for (const item of options.plugins || []) this.use(item)
  }

  /** The runtime object: the one given, or the global `wx` looked up now. */
  get wx(): WxRuntime {
    const runtime = this._runtime || (typeof wx === 'undefined' ? undefined : wx)
    if (!runtime) throw invalidOption('no wx runtime: no global wx, pass createClient({ wx })')
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
      throw invalidOption(
        `use(): expected a middleware or a plugin { name, middleware? }, got ${typeof name === 'string' ? `plugin "${name}" whose middleware is no function` : item === null ? 'null' : typeof item}`,
      )
    }
    const stage = options.stage || plugin.stage || 'user'
    if (plugin.position && stageIndex(stage) < 0) defineStage(stage, plugin.position)
    if (stageIndex(stage) < 0) {
      throw invalidOption(
        `use(): unknown stage "${stage}" of "${name}": declare it with defineStage() or the plugin's position`,
      )
    }
    if (typeof item !== 'function') this._layers = this._layers.filter((l) => l.name !== name)
    if (middleware) this._layers.push({ name, stage, seq: this._seq++, middleware })
    for (const key of plugin.optionKeys || []) this._claimed[key] = true
    this._rebuild()
    if (plugin.setup) plugin.setup(this)
    return this
  }

  private _rebuild(): void {
    this._layers.sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage) || a.seq - b.seq)
    this._dispatch = createDispatch(this._layers, adapter)
  }

  /** Warns once per option that no plugin on this client reads (it would be ignored). */
  private _unclaimed = (key: string): void => {
    if (this._claimed[key] || this._warned[key]) return
    this._warned[key] = true
    warn(
      `option "${key}" is not read by any plugin on this client (${this.plugins.join(', ') || 'none'}): it is ignored. Did you forget client.use() of its plugin?`,
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
    if (!this._checkedDefaults) {
      this._checkedDefaults = true
      for (const key of this._extras) this._unclaimed(key)
    }
    let request: MiniwireRequest
    try {
      request = normalizeRequest(
        this.defaults,
        this._extras,
        this._unclaimed,
        config,
        method,
        url,
        data,
      )
    } catch (error) {
      return Promise.reject(error)
    }
    const signal = new RequestSignal(request.group)
    this._live.add(signal)
    const ctx: Context = {
      client: this,
      request,
      response: undefined,
      state: {},
      attempts: 0,
      signal,
    }
    const unfollow = request.signal && followAbort(request.signal, (reason) => signal.fire(reason))
    this.emit('request', ctx)
    const settle = (error?: unknown): unknown => {
      this._live.remove(signal)
      if (unfollow) unfollow()
      if (!error && !ctx.response) {
        error = invalidOption(
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
    const why =
      reason !== undefined
        ? reason
        : group === undefined
          ? 'client.abortAll() was called'
          : `client.abortGroup("${group}") was called`
    let count = 0
    // A copy: an abort may settle requests (and leave the list) while this loop runs.
    for (const signal of this._live.snapshot()) {
      if (group === undefined || signal.group === group) {
        count++
        signal.fire(why)
      }
    }
    return count
  }
}

type Verb = <T = unknown>(url: string, config?: VerbConfig) => Promise<T>
type BodyVerb = <T = unknown>(url: string, data?: unknown, config?: BodyVerbConfig) => Promise<T>

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

// One small function serves every verb.
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
