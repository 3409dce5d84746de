/**
 * What `createSocket()` returns: a page's handle on a managed connection. Sockets created
 * with the same key on one runtime share the connection (wx allows 5 sockets); each handle
 * keeps track of its own listeners, so `release()` on page unload removes exactly those and
 * closes the connection when the last handle lets go. Events go through core's emitter (mitt); each listener
 * runs guarded, so one that throws is reported and the others still run.
 */
import { getTokenSource, invalidOption, type WxRuntime } from '@miniwire/core'
import type { RequestOptions } from './calls'
import { type Connection, createConnection, type SocketState } from './connection'
import type { SocketError } from './errors'
import { resolveOptions, type SocketOptions } from './options'
import { registryOf } from './registry'

/** The events every socket has. */
export interface SocketEvents {
  open: WechatMiniprogram.OnOpenListenerResult
  /** Also for an attempt that never opened; `reason` names why (e.g. 'heartbeat timeout'). */
  close: { code: number; reason: string }
  error: SocketError
  /** Before each wait to reconnect. */
  reconnecting: { attempt: number; delay: number }
  /** Every decoded message that is not a pong or a request's reply. */
  message: unknown
}

/** A socket's events: the built-in ones and one per message type of `M`. */
export type EventsOf<M> = SocketEvents & Omit<M, keyof SocketEvents>

type Listener = (payload: any) => void

/** A handle on a managed socket; see `createSocket()`. */
export class Socket<M extends object = Record<string, unknown>> {
  private own: Array<{ type: string; listener: Listener; guarded: Listener }> = []

  private released = false

  constructor(private readonly connection: Connection) {}

  /** 'connecting', 'open', 'reconnecting' or 'closed'. */
  get state(): SocketState {
    return this.connection.state
  }

  /** True while open. */
  get connected(): boolean {
    return this.connection.state === 'open'
  }

  /** Messages waiting in the offline queue. */
  get queued(): number {
    return this.connection.queue.frames.length
  }

  /** Connects (again, also after `close()`); throws when wx's 5 sockets are in use. */
  connect(): this {
    this.connection.connect()
    return this
  }

  /** Closes for every page sharing it and stops reconnecting until `connect()`. @default code 1000 */
  close(code?: number, reason?: string): void {
    this.connection.close(code, reason)
  }

  /**
   * Sends now when open, else queues; false when the queue dropped it (an `error` says so).
   * @example socket.send({ type: 'chat', text: 'hi' })
   */
  send(message: unknown): boolean {
    return this.connection.send(message)
  }

  /**
   * Sends `{ ...payload, type, id }` and resolves with the reply's `result` (the reply with
   * the same `id`); rejects on `{ id, error }`, timeout, abort, or the connection closing.
   * @example const user = await socket.request('rpc', { method: 'echo', params: { x: 1 } })
   */
  request<T = unknown>(type: string, payload?: object, options: RequestOptions = {}): Promise<T> {
    return this.connection.calls.make(type, payload, options) as Promise<T>
  }

  /**
   * Listens to an event or a message type; returns the unsubscribe.
   * @example socket.on('chat', (msg) => page.setData({ last: msg.text }))
   */
  on<K extends keyof EventsOf<M> & string>(
    type: K,
    listener: (payload: EventsOf<M>[K]) => void,
  ): () => void {
    return this.add(type, listener, false)
  }

  /** Listens once. */
  once<K extends keyof EventsOf<M> & string>(
    type: K,
    listener: (payload: EventsOf<M>[K]) => void,
  ): () => void {
    return this.add(type, listener, true)
  }

  /** Stops listening (only listeners added through this handle). */
  off<K extends keyof EventsOf<M> & string>(
    type: K,
    listener: (payload: EventsOf<M>[K]) => void,
  ): void {
    const i = this.own.findIndex((entry) => entry.type === type && entry.listener === listener)
    if (i >= 0) this.connection.emitter.off(type, this.own.splice(i, 1)[0]!.guarded)
  }

  /**
   * Lets go of the socket (call it in the page's `onUnload`): removes this handle's listeners
   * and closes the connection when no other page holds it.
   */
  release(): void {
    if (this.released) return
    this.released = true
    for (const entry of this.own.splice(0)) this.connection.emitter.off(entry.type, entry.guarded)
    this.connection.release()
  }

  private add(type: string, listener: Listener, once: boolean): () => void {
    const c = this.connection
    const guarded = (payload: unknown) => {
      if (once) this.off(type as never, listener)
      try {
        listener(payload)
      } catch (error) {
        // An error listener that throws has nobody to tell: surface it as uncaught.
        if (type === 'error') {
          setTimeout(() => {
            throw error
          }, 0)
        } else c.fail('listener', `a "${type}" listener threw ${String(error)}`, payload, error)
      }
    }
    this.own.push({ type, listener, guarded })
    c.emitter.on(type, guarded)
    return () => this.off(type as never, listener)
  }
}

/**
 * Creates (or joins, by key) a managed WebSocket on a runtime object.
 *
 * @example
 * const socket = createSocket<{ chat: { type: 'chat'; text: string } }>({
 *   client, // its runtime object and token source
 *   url: ({ token }) => `wss://api.example.com/ws?token=${token}`,
 * })
 * socket.on('chat', (msg) => console.log(msg.text))
 * socket.send({ type: 'chat', text: 'hi' })
 */
export function createSocket<M extends object = Record<string, unknown>>(
  options: SocketOptions,
): Socket<M> {
  const o = resolveOptions(options)
  // The global `wx` is looked up now, never at import.
  const runtime: WxRuntime | undefined =
    o.wx || (o.client ? o.client.wx : typeof wx === 'undefined' ? undefined : wx)
  if (!runtime) {
    throw invalidOption('createSocket(): no wx runtime: no global wx, pass createSocket({ wx })')
  }
  if (typeof runtime.connectSocket !== 'function') {
    throw invalidOption('createSocket(): the runtime object has no connectSocket')
  }
  const key = o.key || (typeof o.url === 'string' ? o.url : undefined)
  const shared = registryOf(runtime).shared
  let connection = key === undefined ? undefined : shared.get(key)
  if (!connection) {
    connection = createConnection(runtime, o, getTokenSource(o.client || runtime), key)
    if (key !== undefined) shared.set(key, connection)
  }
  connection.hold()
  const socket = new Socket<M>(connection)
  if (o.autoConnect) {
    try {
      connection.connect()
    } catch (error) {
      socket.release()
      throw error
    }
  }
  return socket
}
