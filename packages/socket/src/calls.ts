/**
 * Request/response over the socket: each request carries a correlation id, and the reply with
 * the same id settles it. A request made while the socket is not open waits (until its
 * timeout) and is sent when it opens; a request already sent is rejected when its connection
 * closes, since its reply can never come; every one is rejected on `close()`. Timeout and
 * abort use core's `withTimeout` and `abortable`.
 */
import { type AbortSignalLike, abortable, withTimeout } from '@miniwire/core'
import type { Frame } from './codec'
import { SocketError } from './errors'

interface Call {
  type: string
  frame: Frame
  sent: boolean
  resolve(value: unknown): void
  reject(error: unknown): void
}

/** Options of one request. */
export interface RequestOptions {
  /** ms. @default the socket's `requestTimeout` */
  timeout?: number
  signal?: AbortSignalLike
}

export class Calls {
  private seq = 0
  private readonly pending = new Map<string, Call>()

  /** Sends `{ ...payload, type, id }` (through `send`, which says whether it went out). */
  make(
    type: string,
    payload: object | undefined,
    encode: (message: unknown) => Frame,
    timeout: number,
    signal: AbortSignalLike | undefined,
    send: (frame: Frame) => boolean,
  ): Promise<unknown> {
    const id = String(++this.seq)
    const frame = encode(Object.assign({}, payload, { type, id }))
    const reply = new Promise((resolve, reject) => {
      this.pending.set(id, { type, frame, sent: send(frame), resolve, reject })
    })
    const timedOut = () =>
      new SocketError({
        reason: 'timeout',
        message: `socket request ${type} got no reply within ${timeout} ms`,
      })
    const forget = () => this.pending.delete(id)
    return abortable(withTimeout(reply, timeout, timedOut), { signal }).then(
      (value) => {
        forget()
        return value
      },
      (error: unknown) => {
        forget()
        throw error
      },
    )
  }

  /**
   * Settles the request `message` answers: `{ id, result }` resolves with `result` (or the
   * whole message when it has none), `{ id, error }` rejects. False when it answers none.
   */
  settle(message: any): boolean {
    const call = message && message.id !== undefined && this.pending.get(String(message.id))
    if (!call) return false
    this.pending.delete(String(message.id))
    if (message.error === undefined) call.resolve('result' in message ? message.result : message)
    else {
      const why = message.error && message.error.message
      call.reject(
        new SocketError({
          reason: 'remote',
          message: `socket request ${call.type} failed: ${why || JSON.stringify(message.error)}`,
          cause: message.error,
          data: message,
        }),
      )
    }
    return true
  }

  /** The socket opened: sends the requests that were waiting. */
  sendWaiting(send: (frame: Frame) => boolean): void {
    this.pending.forEach((call) => {
      if (!call.sent) call.sent = send(call.frame)
    })
  }

  /** The connection closed: rejects the requests sent on it (or every one, on `close()`). */
  fail(all: boolean): void {
    this.pending.forEach((call, id) => {
      if (!all && !call.sent) return
      this.pending.delete(id)
      call.reject(
        new SocketError({
          reason: 'closed',
          message: `socket request ${call.type} failed: the connection closed before the reply`,
        }),
      )
    })
  }
}
