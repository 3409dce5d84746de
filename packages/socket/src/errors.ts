/**
 * The package's one error, made with core's `defineError` so its code, brand and guard work
 * across two bundled copies: `reason` says what happened (a frame that could not be decoded,
 * a request that timed out, the sixth socket, …) and `data` carries what would otherwise be
 * lost (the raw frame, the dropped message).
 */
import { defineError } from '@miniwire/core'

declare module '@miniwire/core' {
  interface ErrorCodes {
    /** A socket failed: see the error's `reason`. */
    ERR_SOCKET: true
  }
}

/** Why a `SocketError` was raised. */
export type SocketErrorReason =
  /** wx reported an error on the socket (`onError`, a failed `connectSocket`). */
  | 'network'
  /** A frame could not be decoded; `data` holds the raw frame. */
  | 'decode'
  /** The offline queue was full or switched off; `data` holds the message that was dropped. */
  | 'dropped'
  /** Storage refused the persisted queue (the messages stay in memory); `data` holds them. */
  | 'storage'
  /** A request got no reply in time. */
  | 'timeout'
  /** The server answered a request with an `error`; `cause` holds it. */
  | 'remote'
  /** The connection closed before a request was answered. */
  | 'closed'
  /** Reconnecting stopped: attempts used up, or the token could not be refreshed. */
  | 'gave-up'
  /** wx's limit of 5 sockets per runtime was reached. */
  | 'limit'
  /** An event listener threw; `cause` holds what it threw. */
  | 'listener'

/** What a `SocketError` carries beside the common fields. */
export interface SocketErrorFields {
  reason: SocketErrorReason
  /** The raw frame or message concerned, when there is one. */
  data: unknown
}

/**
 * A socket failure. `code` is `'ERR_SOCKET'`.
 *
 * @example
 * socket.on('error', (e) => { if (e.reason === 'decode') report(e.data) })
 */
export const SocketError = defineError<SocketErrorFields>(
  'SocketError',
  'ERR_SOCKET',
  'socket error',
)
export type SocketError = InstanceType<typeof SocketError>

/**
 * True for a `SocketError` from any copy of miniwire.
 * @example if (isSocketError(e) && e.reason === 'timeout') retryLater()
 */
export const isSocketError: (value: unknown) => value is SocketError = SocketError.is

/**
 * Reports made in one place: a `SocketError` whose message names its reason, then `text`.
 * @example socketError('timeout', 'request rpc got no reply within 50 ms') // "socket timeout: request rpc …"
 */
export function socketError(
  reason: SocketErrorReason,
  text: string,
  data?: unknown,
  cause?: unknown,
): SocketError {
  return new SocketError({ reason, message: `socket ${reason}: ${text}`, data, cause })
}

/** The message of anything thrown (wx's own failures reach the socket as `errMsg` text). */
export function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value)
}
