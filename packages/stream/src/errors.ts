/**
 * The one error the stream adds to core's: the stream broke after it had started (the
 * connection dropped, reconnection gave up, or an NDJSON line was refused). Failures before
 * the stream starts keep core's own errors (`HttpError` with the body, `NetworkError`, …).
 */
import { defineError } from '@miniwire/core'

declare module '@miniwire/core' {
  interface ErrorCodes {
    /** A stream broke after it had started; `reason` says how. */
    ERR_STREAM: true
  }
}

/** How a stream broke. */
export type StreamErrorReason =
  /** The connection ended before the body did (NDJSON, text; SSE without reconnection). */
  | 'dropped'
  /** SSE reconnection failed `reconnect.limit` times in a row. */
  | 'reconnect-limit'
  /** An NDJSON line was not JSON and `invalidLines` is `'throw'`. */
  | 'invalid-line'

/** Fields of a `StreamError`. */
export interface StreamErrorFields {
  reason: StreamErrorReason
  /** The raw line, for `'invalid-line'`. */
  line: string | undefined
  /** Connections made so far. */
  connections: number
}

/**
 * @example
 * if (StreamError.is(error) && error.reason === 'dropped') showRetryButton()
 */
export const StreamError = defineError<StreamErrorFields>(
  'StreamError',
  'ERR_STREAM',
  (options) => `stream broke: ${options.reason}`,
)
export type StreamError = InstanceType<typeof StreamError>
