/**
 * The client: defaults, the staged middleware stack, events, and cancellation by group or
 * all at once. Each request makes one context and runs the onion once; replays happen inside.
 */
import mitt, { type Emitter } from 'mitt'
import { MiniAbortController } from './abort'
import { adapter } from './adapter'
import { AbortError, MiniwireError } from './errors'
import { createDispatch, type Dispatch } from './pipeline'
import { type Defaults, normalizeRequest, resolveDefaults } from './request'
import { getScheduler, type Scheduler } from './scheduler'
import {
  type BaseOptions,
  type BodyVerbConfig,
  type ClientEvents,
  type Context,
  type Middleware,
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
  stage: Stage
  seq: number
  middleware: Middleware
}

interface Live {
  controller: MiniAbortController
  group: string | undefined
}

/** An HTTP client. Make one with `createClient()`. */
export class Client {
  /** The resolved defaults (read-only view). */
  readonly defaults: Readonly<Defaults>
  private readonly runtime: WxRuntime | undefined
  private readonly maxConcurrent: number | undefined
  private readonly parent: Client | undefined
  private readonly emitter: Emitter<Record<keyof ClientEvents, unknown>> = mitt()
  private readonly live: Set<Live>
  private layers: Layer[] = []
  private seq = 0
  private dispatch: Dispatch = createDispatch([], adapter)

  constructor(options: ClientOptions = {}, parent?: Client) {
    this.defaults = resolveDefaults(options as Record<string, unknown>, parent?.defaults)
    this.runtime = options.wx ?? parent?.runtime
    this.maxConcurrent = options.maxConcurrent ?? parent?.maxConcurrent
    if (this.maxConcurrent !== undefined && !(this.maxConcurrent >= 1)) {
      throw new MiniwireError(
        'ERR_INVALID_OPTION',
        `createClient(): maxConcurrent must be ≥ 1, got ${this.maxConcurrent}`,
      )
    }
    this.parent = parent
    this.live = parent ? parent.live : new Set()
    if (parent) {
      this.layers = parent.layers.slice()
      this.seq = parent.seq
      this.rebuild()
    }
    for (const item of options.plugins ?? []) this.use(item)
  }

  /** The runtime object: the one given, or the global `wx` looked up now. */
  get wx(): WxRuntime {
    const runtime = this.runtime ?? (typeof wx === 'undefined' ? undefined : wx)
    if (!runtime) {
      throw new MiniwireError(
        'ERR_INVALID_OPTION',
        'no wx runtime: the global wx is missing, pass createClient({ wx })',
      )
    }
    return runtime
  }

  /** The scheduler shared by every client on this runtime. */
  get scheduler(): Scheduler {
    return getScheduler(this.wx, this.maxConcurrent)
  }

  /** Names of the layers, outermost first. */
  get plugins(): string[] {
    return this.layers.map((layer) => layer.name)
  }

  /**
   * Adds a plugin or a middleware. Plugins sit at their declared stage whatever the call
   * order; a plugin with the same name replaces the earlier one (e.g. in a child client).
   *
   * @example
   * client.use(retry()).use(auth({ … })).use(async function trace(ctx, next) { await next() })
   */
  use(item: Plugin | Middleware, options: UseOptions = {}): this {
    let layer: Layer | undefined
    if (typeof item === 'function') {
      layer = {
        name: options.name ?? (item.name || 'middleware'),
        stage: options.stage ?? 'user',
        seq: this.seq++,
        middleware: item,
      }
    } else if (item && typeof item === 'object' && typeof item.name === 'string') {
      if (item.middleware !== undefined && typeof item.middleware !== 'function') {
        throw new MiniwireError(
          'ERR_INVALID_OPTION',
          `use(): plugin "${item.name}" has a middleware that is not a function`,
        )
      }
      this.layers = this.layers.filter((l) => l.name !== item.name)
      if (item.middleware) {
        layer = {
          name: item.name,
          stage: options.stage ?? item.stage ?? 'user',
          seq: this.seq++,
          middleware: item.middleware,
        }
      }
      item.setup?.(this)
    } else {
      throw new MiniwireError(
        'ERR_INVALID_OPTION',
        `use(): expected a plugin ({ name, middleware }) or a middleware function, got ${item === null ? 'null' : typeof item}`,
      )
    }
    if (layer) {
      if (!STAGES.includes(layer.stage)) {
        throw new MiniwireError(
          'ERR_INVALID_OPTION',
          `use(): unknown stage "${layer.stage}" (use one of ${STAGES.join(', ')})`,
        )
      }
      this.layers.push(layer)
    }
    this.rebuild()
    return this
  }

  private rebuild(): void {
    this.layers.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || a.seq - b.seq)
    this.dispatch = createDispatch(
      this.layers.map((l) => l.middleware),
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
    this.emitter.on(type, handler as (event: unknown) => void)
    return this
  }

  /** Stops listening. */
  off<K extends keyof ClientEvents>(type: K, handler: (event: ClientEvents[K]) => void): this {
    this.emitter.off(type, handler as (event: unknown) => void)
    return this
  }

  /** Emits an event to this client's listeners and its ancestors'. */
  emit<K extends keyof ClientEvents>(type: K, event: ClientEvents[K]): void {
    this.emitter.emit(type, event)
    if (this.parent) this.parent.emit(type, event)
  }

  /**
   * Sends a request and resolves to the full response (status, headers, cookies, profile, data).
   *
   * @example
   * const { status, headers, data } = await client.send<User>({ url: '/users/1' })
   */
  send<T = unknown>(config: RequestConfig): Promise<MiniwireResponse<T>> {
    let ctx: Context
    const controller = new MiniAbortController()
    try {
      ctx = {
        client: this,
        request: normalizeRequest(this.defaults, config),
        response: undefined,
        state: {},
        attempts: 0,
        startTime: Date.now(),
        signal: controller.signal,
      }
    } catch (error) {
      return Promise.reject(error)
    }
    const entry: Live = { controller, group: ctx.request.group }
    const outer = ctx.request.signal
    const link = outer ? () => controller.abort(outer.reason) : undefined
    if (outer && link) {
      if (outer.aborted) link()
      else outer.addEventListener('abort', link)
    }
    this.live.add(entry)
    this.emit('request', ctx)
    return this.dispatch(ctx).then(
      () => {
        this.settle(entry, outer, link)
        if (!ctx.response) {
          const error = new MiniwireError(
            'ERR_INVALID_OPTION',
            `${ctx.request.method} ${ctx.request.url}: the onion finished without a response (a middleware returned without calling next() or setting ctx.response)`,
          )
          this.emit('error', { ctx, error })
          throw error
        }
        this.emit('response', ctx)
        return ctx.response as MiniwireResponse<T>
      },
      (error: unknown) => {
        this.settle(entry, outer, link)
        this.emit('error', { ctx, error })
        throw error
      },
    )
  }

  private settle(
    entry: Live,
    outer: RequestConfig['signal'],
    link: (() => void) | undefined,
  ): void {
    this.live.delete(entry)
    if (outer && link) outer.removeEventListener('abort', link)
  }

  /** Sends a request and resolves to the response data. */
  request<T = unknown>(config: RequestConfig): Promise<T> {
    return this.send<T>(config).then((response) => response.data)
  }

  /** @example const user = await client.get<User>('/users/1', { params: { fields: 'name' } }) */
  get<T = unknown>(url: string, config?: VerbConfig): Promise<T> {
    return this.request<T>({ ...config, url, method: 'GET' })
  }
  /** @example await client.delete('/users/1') */
  delete<T = unknown>(url: string, config?: VerbConfig): Promise<T> {
    return this.request<T>({ ...config, url, method: 'DELETE' })
  }
  /** Resolves to the response data (usually empty); use `send` for the headers. */
  head<T = unknown>(url: string, config?: VerbConfig): Promise<T> {
    return this.request<T>({ ...config, url, method: 'HEAD' })
  }
  options<T = unknown>(url: string, config?: VerbConfig): Promise<T> {
    return this.request<T>({ ...config, url, method: 'OPTIONS' })
  }
  /** @example const created = await client.post<User>('/users', { name: '张三' }) */
  post<T = unknown>(url: string, data?: unknown, config?: BodyVerbConfig): Promise<T> {
    return this.request<T>({ ...config, url, method: 'POST', data })
  }
  put<T = unknown>(url: string, data?: unknown, config?: BodyVerbConfig): Promise<T> {
    return this.request<T>({ ...config, url, method: 'PUT', data })
  }
  /** Sent as POST with `X-HTTP-Method-Override: PATCH` (wx has no PATCH). */
  patch<T = unknown>(url: string, data?: unknown, config?: BodyVerbConfig): Promise<T> {
    return this.request<T>({ ...config, url, method: 'PATCH', data })
  }

  /**
   * Aborts every request in flight or queued, on this client and its family.
   * @example wx.onAppHide(() => client.abortAll())
   */
  abortAll(reason?: unknown): number {
    return this.abortWhere(() => true, reason)
  }

  /**
   * Aborts the requests made with `group`, e.g. every request of a page on its unload.
   * @example onUnload() { client.abortGroup('pages/detail/detail') }
   */
  abortGroup(group: string, reason?: unknown): number {
    return this.abortWhere((entry) => entry.group === group, reason)
  }

  private abortWhere(match: (entry: Live) => boolean, reason: unknown): number {
    let count = 0
    for (const entry of [...this.live]) {
      if (!match(entry)) continue
      count++
      entry.controller.abort(
        reason === undefined ? new AbortError(undefined, 'aborted by the client') : reason,
      )
    }
    return count
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
