/**
 * Request/response over the socket: each request carries a correlation id, and the reply with
 * the same id settles it. A request made while the socket is not open waits (until its
 * timeout) and is sent when it opens; a request already sent is rejected when its connection
 * closes, since its reply can never come; every one is rejected on `close()`. Timeout and
 * abort use core's `withTimeout` and `abortable`.
 */
import { type AbortSignalLike, abortable, withTimeout } from '@miniwire/core'
import type { Frame } from './codec'
import { socketError } from './errors'

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

/** The requests of one connection that wait for their reply. */
export interface Calls {
  /** Sends `{ ...payload, type, id }` and resolves with the reply. */
  make(type: string, payload: object | undefined, options: RequestOptions): Promise<unknown>
  /**
   * Settles the request `message` answers: `{ id, result }` resolves with `result` (or the
   * whole message when it has none), `{ id, error }` rejects. False when it answers none.
   */
  settle(message: any): boolean
  /** The socket opened: sends the requests that were waiting. */
  sendWaiting(): void
  /** The connection closed: rejects the requests sent on it (or every one, on `close()`). */
  fail(all: boolean): void
}

/**
 * Makes the request table of a connection; `send` says whether a frame went out.
 * @example const calls = createCalls(codec.encode, 10000, (frame) => write(frame, false))
 */
export function createCalls(
  encode: (message: unknown) => Frame,
  requestTimeout: number,
  send: (frame: Frame) => boolean,
): Calls {
  let seq = 0
  const pending = new Map<string, Call>()

  return {
    make(type, payload, options) {
      const { timeout = requestTimeout } = options
      const id = String(++seq)
      const frame = encode(Object.assign({}, payload, { type, id }))
      const reply = new Promise((resolve, reject) => {
        pending.set(id, { type, frame, sent: send(frame), resolve, reject })
      })
      const timedOut = () =>
        socketError('timeout', `request ${type} got no reply within ${timeout} ms`)
      const settled = abortable(withTimeout(reply, timeout, timedOut), options)
      const forget = () => pending.delete(id)
      settled.then(forget, forget)
      return settled
    },

    settle(message) {
      // Ids are numbers as text: no message without one ('undefined') matches.
      const id = String(message && message.id)
      const call = pending.get(id)
      if (!call) return false
      pending.delete(id)
      const error = message.error
      if (error === undefined) call.resolve('result' in message ? message.result : message)
      else {
        const why = (error && error.message) || JSON.stringify(error)
        call.reject(socketError('remote', `request ${call.type}: ${why}`, message, error))
      }
      return true
    },

    sendWaiting() {
      pending.forEach((call) => {
        if (!call.sent) call.sent = send(call.frame)
      })
    },

    fail(all) {
      pending.forEach((call, id) => {
        if (!all && !call.sent) return
        pending.delete(id)
        call.reject(socketError('closed', `request ${call.type}: the connection closed`))
      })
    },
  }
}
