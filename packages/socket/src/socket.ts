/**
 * What `createSocket()` returns: a page's handle on a managed connection. Sockets created
 * with the same key on one runtime share the connection (wx allows 5 sockets); each handle
 * keeps its own listeners, so `release()` on page unload removes exactly those and closes the
 * connection when the last handle lets go.
 */
import { getTokenSource, invalidOption, type WxRuntime } from '@miniwire/core'
import type { RequestOptions } from './calls'
import { type Connection, createConnection, type SocketState } from './connection'
import type { EventsOf, ListenerList, Listeners } from './events'
import { resolveOptions, type SocketOptions } from './options'
import { registryOf } from './registry'

/** A listener; a `once` wrapper remembers the listener it wraps, so `off()` finds it. */
type Listener = ((payload: any) => void) & { wraps?: Listener }

/** A handle on a managed socket; see `createSocket()`. */
export class Socket<M extends object = Record<string, unknown>> {
  constructor(
    private readonly connection: Connection,
    /** This handle's listeners, by event (the connection runs them). */
    private readonly listeners: Listeners,
  ) {}

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
    this.listeners.on(type, listener)
    return () => this.off(type, listener)
  }

  /** Listens once. */
  once<K extends keyof EventsOf<M> & string>(
    type: K,
    listener: (payload: EventsOf<M>[K]) => void,
  ): () => void {
    const once: Listener = (payload) => {
      this.off(type, listener)
      listener(payload)
    }
    once.wraps = listener
    this.listeners.on(type, once)
    return () => this.off(type, listener)
  }

  /** Stops listening (only listeners added through this handle). */
  off<K extends keyof EventsOf<M> & string>(
    type: K,
    listener: (payload: EventsOf<M>[K]) => void,
  ): void {
    const listeners = this.listeners.all.get(type) as ListenerList | undefined
    const found = listeners && listeners.find((l) => l === listener || l.wraps === listener)
    if (found) this.listeners.off(type, found)
  }

  /**
   * Lets go of the socket (call it in the page's `onUnload`): removes this handle's listeners
   * and closes the connection when no other page holds it.
   */
  release(): void {
    this.listeners.all.clear()
    this.connection.release(this.listeners)
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
    throw invalidOption('createSocket(): no global wx, pass createSocket({ wx })')
  }
  if (typeof runtime.connectSocket !== 'function') {
    throw invalidOption('createSocket(): the runtime object has no connectSocket')
  }
  const key = o.key || (typeof o.url === 'string' ? o.url : undefined)
  const shared = registryOf(runtime).shared
  let connection = shared.get(key as string) // never set under undefined
  if (!connection) {
    connection = createConnection(runtime, o, getTokenSource(o.client || runtime), key)
    if (key !== undefined) shared.set(key, connection)
  }
  const socket = new Socket<M>(connection, connection.hold())
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
