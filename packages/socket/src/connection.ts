/**
 * One managed connection: dials with a fresh URL and token on every attempt, reconnects with
 * backoff until `close()`, beats while the app shows, queues while down, flushes in order on
 * open. Every wx socket it makes gets a generation number; callbacks of an older socket are
 * ignored, which is what makes `close()` final (the seed's defect 6: its `onClose` reconnected
 * after a manual close) and `connect()` after `close()` safe (reconnecting-websocket#86, #87).
 */
import {
  type AbortControllerLike,
  abortable,
  createAbortController,
  getAppState,
  sleep,
  type TokenSource,
  type WxRuntime,
} from '@miniwire/core'
import mitt from 'mitt'
import { backoffDelay } from './backoff'
import { Calls } from './calls'
import type { Frame } from './codec'
import { messageOf, SocketError, type SocketErrorReason } from './errors'
import { Heartbeat } from './heartbeat'
import type { ResolvedOptions } from './options'
import { OutQueue } from './queue'
import { MAX_SOCKETS, registryOf } from './registry'

/** Where a socket is in its life. */
export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closed'

/** Event names a message's `type` never takes over. */
const RESERVED: Record<string, true> = {
  open: true,
  close: true,
  error: true,
  reconnecting: true,
  message: true,
}

export class Connection {
  state: SocketState = 'closed'
  readonly emitter = mitt<Record<string, unknown>>()
  readonly queue: OutQueue
  readonly calls = new Calls()
  private readonly beat: Heartbeat | undefined
  private task: WechatMiniprogram.SocketTask | undefined
  /** Numbers the wx sockets: callbacks of an older one are ignored. */
  private gen = 0
  private attempts = 0
  /** Between `connect()` and `close()` (or giving up). */
  private running = false
  private flushing = false
  private token: string | undefined
  private errMsg: string | undefined
  private stable: ReturnType<typeof setTimeout> | undefined
  private waiting: AbortControllerLike | undefined
  private unsubscribe: Array<() => void> = []

  constructor(
    readonly wx: WxRuntime,
    readonly options: ResolvedOptions,
    private readonly tokens: TokenSource | undefined,
    readonly key: string | undefined,
  ) {
    this.queue = new OutQueue(options.queue, wx, (reason, data, cause) =>
      this.fail(
        reason,
        reason === 'dropped'
          ? 'socket queue full or off: a message was dropped'
          : `socket queue could not be stored: ${messageOf(cause)}`,
        data,
        cause,
      ),
    )
    const beat = options.heartbeat
    if (beat) {
      this.beat = new Heartbeat(
        beat,
        () => this.write(options.codec.encode(beat.ping()), false),
        () => this.dead(),
      )
    }
  }

  /** Starts connecting (no-op while running); throws when wx's 5 sockets are in use. */
  connect(): void {
    if (this.running) return
    const active = registryOf(this.wx).active
    if (active.size >= MAX_SOCKETS) {
      const keys = Array.from(active, (c) => c.key || '(unkeyed)').join(', ')
      throw new SocketError({
        reason: 'limit',
        message: `wx allows ${MAX_SOCKETS} sockets at once, all in use (${keys}): release or close one first`,
      })
    }
    active.add(this)
    this.running = true
    this.attempts = 0
    // Subscribes to the network and visibility now, so a later loss is known when it comes.
    const app = getAppState(this.wx)
    const beat = this.beat
    if (beat) {
      if (!app.visible) beat.pause()
      this.unsubscribe = [app.on('hide', () => beat.pause()), app.on('show', () => beat.resume())]
    }
    this.dial()
  }

  /** Closes for good: no reconnect; requests still waiting are rejected. */
  close(code = 1000, reason = ''): void {
    if (!this.running) return
    const task = this.task
    this.stop()
    if (!task) return
    task.close({ code, reason })
    this.emit('close', { code, reason })
  }

  /** Sends now when open and nothing waits, else queues; false when the message was dropped. */
  send(message: unknown): boolean {
    const frame = this.options.codec.encode(message)
    if (this.state !== 'open' || this.flushing || this.queue.size) {
      const kept = this.queue.push(frame)
      if (this.state === 'open' && !this.flushing) this.flush(this.gen)
      return kept
    }
    return this.write(frame, true)
  }

  /** Emits to the listeners of `type`. */
  emit(type: string, payload: unknown): void {
    this.emitter.emit(type, payload)
  }

  /** Reports a failure on the `error` event. */
  fail(reason: SocketErrorReason, message: string, data?: unknown, cause?: unknown): void {
    this.emit('error', new SocketError({ reason, message, data, cause }))
  }

  /** Writes a frame to the open wx socket; a user message whose send fails is queued again. */
  write(frame: Frame, requeue: boolean): boolean {
    const task = this.task
    if (this.state !== 'open' || !task) return false
    task.send(requeue ? { data: frame, fail: () => this.queue.putBack(frame) } : { data: frame })
    return true
  }

  private async dial(): Promise<void> {
    const gen = ++this.gen
    if (this.state !== 'reconnecting') this.state = 'connecting'
    const o = this.options
    let task: WechatMiniprogram.SocketTask
    try {
      const token = (this.token = this.tokens ? await this.tokens.getToken() : undefined)
      const url = typeof o.url === 'function' ? await o.url({ token }) : o.url
      const header = typeof o.header === 'function' ? await o.header({ token }) : o.header
      if (gen !== this.gen) return
      const option: WechatMiniprogram.ConnectSocketOption = {
        url,
        fail: (e) => this.failed(gen, e.errMsg, e),
      }
      if (header) option.header = header
      if (o.protocols) option.protocols = o.protocols
      task = this.wx.connectSocket!(option)
    } catch (error) {
      this.failed(gen, messageOf(error), error)
      return
    }
    this.task = task
    task.onOpen((res) => {
      if (gen === this.gen) this.opened(gen, res)
    })
    task.onMessage((res) => {
      if (gen === this.gen) this.received(res.data)
    })
    task.onError((res) => {
      if (gen !== this.gen) return
      this.errMsg = res.errMsg
      this.fail('network', `socket error: ${res.errMsg}`, undefined, res)
    })
    task.onClose((res) => this.down(gen, res.code, res.reason))
  }

  /** The socket could not be made: an error, then the same path as a close. */
  private failed(gen: number, errMsg: string, cause: unknown): void {
    if (gen !== this.gen) return
    this.errMsg = errMsg
    this.fail('network', `socket could not connect: ${errMsg}`, undefined, cause)
    this.down(gen, 1006, errMsg)
  }

  private opened(gen: number, res: WechatMiniprogram.OnOpenListenerResult): void {
    this.state = 'open'
    const r = this.options.reconnect
    if (r) this.stable = setTimeout(() => (this.attempts = 0), r.stableAfter)
    if (this.beat) this.beat.start()
    this.queue.restart()
    this.emit('open', res)
    if (gen !== this.gen) return // a listener closed it
    this.flush(gen)
    this.calls.sendWaiting((frame) => this.write(frame, false))
  }

  /** Sends the queue's head, and the next once wx confirms; a failed send stays at the head. */
  private flush(gen: number): void {
    const frame = this.queue.frames[0]
    const task = this.task
    if (frame === undefined || gen !== this.gen || !task) {
      this.flushing = false
      return
    }
    this.flushing = true
    const shifted = this.queue.shifted
    task.send({
      data: frame,
      success: () => {
        // The head may have been dropped (queue full) or a failed send put ahead of it meanwhile.
        if (this.queue.shifted === shifted && this.queue.frames[0] === frame) this.queue.shift()
        this.flush(gen)
      },
      fail: () => {
        this.flushing = false
      },
    })
  }

  private received(data: Frame): void {
    if (this.beat) this.beat.alive = true
    let message: any
    try {
      message = this.options.codec.decode(data)
    } catch (error) {
      this.fail('decode', `socket frame could not be decoded: ${messageOf(error)}`, data, error)
      return
    }
    const beat = this.options.heartbeat
    if ((beat && beat.isPong(message)) || this.calls.settle(message)) return
    this.emit('message', message)
    const type = message && message.type
    if (typeof type === 'string' && !RESERVED[type]) this.emit(type, message)
  }

  /** The heartbeat got no answer: the connection is dead even if wx has not noticed. */
  private dead(): void {
    const task = this.task
    if (task) task.close({ code: 4000, reason: 'heartbeat timeout' })
    this.down(this.gen, 1006, 'heartbeat timeout')
  }

  private down(gen: number, code: number, reason: string): void {
    if (gen !== this.gen) return
    this.detach(false)
    const errMsg = this.errMsg
    this.errMsg = undefined
    this.emit('close', { code, reason })
    if (this.running) this.retry(this.options.isTokenRefused({ code, reason, errMsg }))
  }

  private async retry(refused: boolean): Promise<void> {
    const r = this.options.reconnect
    if (!r || this.attempts >= r.attempts) {
      return this.giveUp(`socket gave up after ${this.attempts} reconnect attempts`)
    }
    const attempt = ++this.attempts
    const refresh = refused && this.tokens
    const delay = refresh ? 0 : backoffDelay(attempt, r)
    this.state = 'reconnecting'
    this.emit('reconnecting', { attempt, delay })
    if (!this.running) return
    const signal = (this.waiting = createAbortController()).signal
    const app = getAppState(this.wx)
    const ready = () => app.visible && app.online !== false
    try {
      if (refresh) {
        const stale = this.token
        await abortable(refresh.refresh(stale ? { stale, signal } : { signal }), { signal })
      }
      // Hidden or offline: no attempt until the app shows or the network returns, then at once.
      await sleep(ready() ? delay : Infinity, {
        signal,
        wake: (wake) => {
          const check = () => {
            if (ready()) wake()
          }
          const offShow = app.on('show', check)
          const offOnline = app.on('online', check)
          return () => {
            offShow()
            offOnline()
          }
        },
      })
    } catch (error) {
      // close() ended the wait, or the refresh failed.
      if (!signal.aborted) this.giveUp('socket gave up: the token could not be refreshed', error)
      return
    }
    this.waiting = undefined
    this.dial()
  }

  /** No more reconnecting; every request still waiting is rejected. */
  private stop(): void {
    this.running = false
    this.state = 'closed'
    registryOf(this.wx).active.delete(this)
    for (const off of this.unsubscribe.splice(0)) off()
    if (this.waiting) this.waiting.abort()
    this.waiting = undefined
    this.detach(true)
  }

  /** Lets go of the wx socket (its callbacks are ignored from now on) and what hung on it. */
  private detach(allCalls: boolean): void {
    this.gen++
    this.task = undefined
    this.flushing = false
    clearTimeout(this.stable)
    if (this.beat) this.beat.stop()
    this.calls.fail(allCalls)
  }

  /** Stops reconnecting for good and says why. */
  private giveUp(message: string, cause?: unknown): void {
    this.stop()
    this.fail('gave-up', message, undefined, cause)
  }
}
