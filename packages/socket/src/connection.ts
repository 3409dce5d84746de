/**
 * One managed connection: dials with a fresh URL and token on every attempt, reconnects with
 * backoff until `close()`, beats while the app shows, queues while down, flushes in order on
 * open. Every wx socket it makes gets a generation number; callbacks of an older socket are
 * ignored, which is what makes `close()` final (the seed's defect 6: its `onClose` reconnected
 * after a manual close) and `connect()` after `close()` safe (reconnecting-websocket#86, #87).
 */
import {
  type AbortControllerLike,
  createAbortController,
  createEmitter,
  getAppState,
  sleep,
  type TokenSource,
  type WxRuntime,
} from '@miniwire/core'
import { backoffDelay } from './backoff'
import { type Calls, createCalls } from './calls'
import type { Frame } from './codec'
import { messageOf, type SocketErrorReason, socketError } from './errors'
import { deliver, type Listeners } from './events'
import { createHeartbeat } from './heartbeat'
import type { ConnectInfo, ResolvedOptions } from './options'
import { createQueue, type OutQueue } from './queue'
import { MAX_SOCKETS, registryOf } from './registry'

/** Where a socket is in its life. */
export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closed'

/** Event names a message's `type` never takes over. */
const RESERVED = /^(open|close|error|reconnecting|message)$/

/** A managed connection, as the socket handles sharing it see it. */
export interface Connection {
  readonly key: string | undefined
  readonly queue: OutQueue
  readonly calls: Calls
  readonly state: SocketState
  /** One more socket (page) holds the connection: its listeners, which the connection runs. */
  hold(): Listeners
  /** A socket lets go; the last one closes the connection and frees its key. */
  release(listeners: Listeners): void
  /** Starts connecting (no-op unless closed); throws when wx's 5 sockets are in use. */
  connect(): void
  /** Closes for good: no reconnect; requests still waiting are rejected. */
  close(code?: number, reason?: string): void
  /** Sends now when open and nothing waits, else queues; false when the message was dropped. */
  send(message: unknown): boolean
}

/**
 * Makes a connection (not yet connecting).
 * @example const connection = createConnection(wx, resolveOptions(given), tokens, url)
 */
export function createConnection(
  wx: WxRuntime,
  options: ResolvedOptions,
  tokens: TokenSource | undefined,
  key: string | undefined,
): Connection {
  const { codec, reconnect, heartbeat } = options
  const app = getAppState(wx)
  const { active, shared } = registryOf(wx)
  /** The listeners of each socket (page) holding the connection. */
  const held = new Set<Listeners>()
  const emit = (type: string, payload: unknown): void => deliver(held, type, payload, fail)
  /** Reports a failure on the `error` event (its message names the reason, then `text`). */
  const fail = (reason: SocketErrorReason, text: string, data?: unknown, cause?: unknown): void =>
    emit('error', socketError(reason, text, data, cause))

  let state: SocketState = 'closed'
  let task: WechatMiniprogram.SocketTask | undefined
  /** Numbers the wx sockets: callbacks of an older one are ignored. */
  let gen = 0
  let attempts = 0
  let openedAt = 0
  let flushing = false
  let token: string | undefined
  let errMsg: string | undefined
  let waiting: AbortControllerLike | undefined

  /** Writes a frame to the open wx socket; a user message whose send fails is queued again. */
  const write = (frame: Frame, requeue: boolean): boolean => {
    if (state !== 'open' || !task) return false
    task.send(requeue ? { data: frame, fail: () => queue.putBack(frame) } : { data: frame })
    return true
  }

  const queue = createQueue(options.queue, wx, fail)
  const calls = createCalls(codec.encode, options.requestTimeout, (frame) => write(frame, false))
  const beat =
    heartbeat &&
    createHeartbeat(
      heartbeat,
      app,
      () => write(codec.encode(heartbeat.ping()), false),
      () => {
        // No answer: the connection is dead even if wx has not noticed.
        if (task) task.close({ code: 4000, reason: 'heartbeat timeout' })
        down(gen, 1006, 'heartbeat timeout')
      },
    )

  async function dial(): Promise<void> {
    const g = ++gen
    try {
      token = tokens ? await tokens.getToken() : undefined
      // A function (maybe async) is called with this attempt's token.
      const fresh = <T>(value: T | ((info: ConnectInfo) => T | Promise<T>)) =>
        typeof value === 'function' ? (value as (info: ConnectInfo) => T)({ token }) : value
      const url = await fresh(options.url)
      const header = await fresh(options.header)
      if (g !== gen) return
      const option: WechatMiniprogram.ConnectSocketOption = {
        url,
        fail: (e) => failed(g, e.errMsg, e),
      }
      if (header) option.header = header
      if (options.protocols) option.protocols = options.protocols
      task = wx.connectSocket!(option)
    } catch (error) {
      failed(g, messageOf(error), error)
      return
    }
    task.onOpen((res) => {
      if (g === gen) opened(g, res)
    })
    task.onMessage((res) => {
      if (g === gen) received(res.data)
    })
    task.onError((res) => {
      if (g === gen) networkError(res.errMsg, res)
    })
    task.onClose((res) => down(g, res.code, res.reason))
  }

  /** wx reported an error; its text is kept for `isTokenRefused` (a refused upgrade says 401). */
  function networkError(message: string, cause: unknown): void {
    errMsg = message
    fail('network', message, undefined, cause)
  }

  /** The socket could not be made: an error, then the same path as a close. */
  function failed(g: number, message: string, cause: unknown): void {
    if (g !== gen) return
    networkError(message, cause)
    down(g, 1006, message)
  }

  function opened(g: number, res: WechatMiniprogram.OnOpenListenerResult): void {
    state = 'open'
    openedAt = Date.now()
    if (beat) beat.start()
    emit('open', res)
    if (g !== gen) return // a listener closed it
    flush(g)
    calls.sendWaiting()
  }

  /** Sends the queue's head, and the next once wx confirms; a failed send goes back to the head. */
  function flush(g: number): void {
    flushing = g === gen && !!task && queue.frames.length > 0
    if (!flushing) return
    const frame = queue.take()!
    task!.send({
      data: frame,
      success: () => {
        queue.sent()
        flush(g)
      },
      fail: () => {
        queue.putBack(frame)
        if (g === gen) flushing = false
      },
    })
  }

  function received(data: Frame): void {
    if (beat) beat.alive = true
    let message: any
    try {
      message = codec.decode(data)
    } catch (error) {
      fail('decode', messageOf(error), data, error)
      return
    }
    if ((heartbeat && heartbeat.isPong(message)) || calls.settle(message)) return
    emit('message', message)
    const type = message && message.type
    if (typeof type === 'string' && !RESERVED.test(type)) emit(type, message)
  }

  function down(g: number, code: number, reason: string): void {
    if (g !== gen) return
    // A connection that stayed open long enough starts counting attempts again.
    if (reconnect && openedAt && Date.now() - openedAt >= reconnect.stableAfter) attempts = 0
    openedAt = 0
    detach(false)
    const refused = options.isTokenRefused({ code, reason, errMsg })
    errMsg = undefined
    emit('close', { code, reason })
    if (state !== 'closed') retry(refused)
  }

  async function retry(refused: boolean): Promise<void> {
    if (!reconnect || attempts >= reconnect.attempts) {
      return giveUp(`after ${attempts} reconnect attempts`)
    }
    const attempt = ++attempts
    const refresh = refused && tokens
    const delay = refresh ? 0 : backoffDelay(attempt, reconnect)
    state = 'reconnecting'
    emit('reconnecting', { attempt, delay })
    if ((state as SocketState) === 'closed') return // a listener closed it
    const signal = (waiting = createAbortController()).signal
    const ready = (): boolean => app.visible && app.online !== false
    try {
      if (refresh) {
        // A refresh that ignores the signal still ends here: the aborted sleep below throws.
        const stale = token
        await refresh.refresh(stale ? { stale, signal } : { signal })
      }
      // Hidden or offline: no attempt until the app shows and the network returns, then at once.
      if (ready()) await sleep(delay, { signal })
      else await sleep(Infinity, { signal, wake: app.until(ready) })
    } catch (error) {
      // close() ended the wait, or the refresh failed.
      if (!signal.aborted) giveUp('the token could not be refreshed', error)
      return
    }
    waiting = undefined
    dial()
  }

  /** No more reconnecting; every request still waiting is rejected. */
  function stop(): void {
    state = 'closed'
    active.delete(connection)
    if (waiting) waiting.abort()
    waiting = undefined
    detach(true)
  }

  /** Lets go of the wx socket (its callbacks are ignored from now on) and what hung on it. */
  function detach(allCalls: boolean): void {
    gen++
    task = undefined
    flushing = false
    if (beat) beat.stop()
    calls.fail(allCalls)
  }

  /** Stops reconnecting for good and says why. */
  function giveUp(text: string, cause?: unknown): void {
    stop()
    fail('gave-up', text, undefined, cause)
  }

  const connection: Connection = {
    key,
    queue,
    calls,
    hold() {
      const listeners: Listeners = createEmitter()
      held.add(listeners)
      return listeners
    },
    release(listeners) {
      held.delete(listeners)
      if (held.size) return
      // Nothing is stored under an undefined key: an unkeyed connection is not found.
      if (shared.get(key as string) === connection) shared.delete(key as string)
      connection.close()
    },
    get state() {
      return state
    },
    connect() {
      if (state !== 'closed') return
      if (active.size >= MAX_SOCKETS) {
        const keys = Array.from(active, (c) => c.key || '(unkeyed)').join(', ')
        throw socketError('limit', `wx allows ${MAX_SOCKETS} sockets at once, in use: ${keys}`)
      }
      active.add(connection)
      attempts = 0
      state = 'connecting'
      dial()
    },
    close(code = 1000, reason = '') {
      if (state === 'closed') return
      const closing = task
      stop()
      if (!closing) return
      closing.close({ code, reason })
      emit('close', { code, reason })
    },
    send(message) {
      const frame = codec.encode(message)
      if (state !== 'open' || flushing || queue.frames.length) {
        const kept = queue.push(frame)
        if (state === 'open' && !flushing) flush(gen)
        return kept
      }
      return write(frame, true)
    },
  }
  return connection
}
