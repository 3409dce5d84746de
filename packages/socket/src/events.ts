/**
 * A socket's events, and how they reach the pages: every socket (page) sharing a connection
 * keeps its own listeners in one of core's emitters, and the connection hands each event to
 * all of them. Each listener runs guarded, so one that throws is reported as an `error` and
 * the others still run (a page bug never silences the socket for the other pages).
 */
import type { Emitter } from '@miniwire/core'
import type { SocketError } from './errors'

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

/** The listeners of one socket (page), by event. */
export type Listeners = Emitter<Record<string, any>>

/** The listeners of one event. */
export type ListenerList = Array<((payload: any) => void) & { wraps?: unknown }>

/**
 * Runs the listeners of `type` of every page, each guarded: a throw is reported through
 * `fail` (reason `'listener'`, the payload as data), except from an `error` listener, which
 * has nobody to tell and surfaces as uncaught.
 * @example deliver(held, 'open', res, fail)
 */
export function deliver(
  held: Iterable<Listeners>,
  type: string,
  payload: unknown,
  fail: (reason: 'listener', text: string, data: unknown, cause: unknown) => void,
): void {
  for (const listeners of held) {
    const list = listeners.all.get(type) as ListenerList | undefined
    if (!list) continue
    for (const listener of list.slice()) {
      try {
        listener(payload)
      } catch (error) {
        if (type === 'error') {
          setTimeout(() => {
            throw error
          }, 0)
        } else fail('listener', `a "${type}" listener threw ${String(error)}`, payload, error)
      }
    }
  }
}
