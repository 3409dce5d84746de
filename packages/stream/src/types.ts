/**
 * The public shapes of `stream()`: what it accepts, per mode (its own options beside every
 * request option `client.send()` takes), and the `EventStream` it returns. Types only: the
 * checks and defaults live in ./options.
 */
import type { AbortSignalLike, RequestConfig, ResponseHead } from '@miniwire/core'
import type { NdjsonEvent } from './ndjson'
import type { ServerSentEvent } from './sse'

/** SSE reconnection. */
export interface ReconnectOptions {
  /**
   * Connections in a row that may fail (or end) without delivering an event before the stream
   * gives up with `StreamError` `'reconnect-limit'`.
   * @default 5
   */
  limit?: number
  /**
   * Milliseconds before the first reconnection when the server sent no `retry` field; doubled
   * after each further failure in a row.
   * @default 1000
   */
  delay?: number
  /**
   * The longest wait between two connections.
   * @default 30000
   */
  maxDelay?: number
}

/**
 * Options every mode shares. Everything else `client.send()` takes (`method`, `data`,
 * `headers`, `params`, `timeout`, plugin options such as `loading`) goes to the request.
 *
 * @example
 * stream(client, '/chat', { method: 'POST', data: { prompt }, timeout: 120_000, onEvent })
 */
export interface StreamOptionsBase<E>
  extends Omit<
    RequestConfig,
    'url' | 'signal' | 'onChunk' | 'onHeaders' | 'responseType' | 'dataType'
  > {
  /** Ends the stream; it then rejects with core's `AbortError`. */
  signal?: AbortSignalLike
  /**
   * Receives each event. When given, events are not also queued for `for await`.
   * @example onEvent: (event) => append(event.data)
   */
  onEvent?: (event: E) => void
  /** Called each time a connection opens with a 2xx status (reconnections included). */
  onOpen?: (head: ResponseHead) => void
  /** Called once with the error that ended the stream (not after `close()`). */
  onError?: (error: unknown) => void
}

/** `mode: 'sse'` (the default): `text/event-stream`. */
export interface SseStreamOptions extends StreamOptionsBase<ServerSentEvent> {
  /** @default 'sse' */
  mode?: 'sse'
  /**
   * Marks the final event: it ends the stream without reconnecting and is not delivered.
   * `false`: no event is final.
   * @default (event) => event.data === '[DONE]'
   */
  done?: ((event: ServerSentEvent) => boolean) | false
  /**
   * Reconnection after the connection drops or ends before the final event, sending
   * `Last-Event-ID` and waiting the server's `retry` (doubled after each failure in a row).
   * `false`: a drop fails the stream with `StreamError` `'dropped'`.
   * @default { limit: 5, delay: 1000, maxDelay: 30000 }
   */
  reconnect?: ReconnectOptions | false
  /**
   * The last event ID to resume after, sent as `Last-Event-ID` on the first connection.
   * @default ''
   */
  lastEventId?: string
}

/** `mode: 'ndjson'`: one JSON value a line. */
export interface NdjsonStreamOptions<T = unknown> extends StreamOptionsBase<NdjsonEvent<T>> {
  mode: 'ndjson'
  /**
   * A line that is not JSON: `'event'` delivers `{ type: 'invalid', line, error }` and goes on,
   * `'skip'` drops it, `'throw'` fails the stream with `StreamError` `'invalid-line'`.
   * @default 'event'
   */
  invalidLines?: 'event' | 'skip' | 'throw'
}

/** `mode: 'text'`: the body as decoded text pieces, as they arrive. */
export interface TextStreamOptions extends StreamOptionsBase<string> {
  mode: 'text'
}

/** Options of `stream()`, any mode. */
export type StreamOptions = SseStreamOptions | NdjsonStreamOptions<unknown> | TextStreamOptions

/** What `stream()` returns: iterate it with `for await`, or use the callbacks. */
export interface EventStream<E> extends AsyncIterableIterator<E> {
  /**
   * Resolves when the stream ends (the final event, the end of the body, or `close()`);
   * rejects with the error that ended it.
   */
  readonly done: Promise<void>
  /** The last SSE event ID received (`''` when none). */
  readonly lastEventId: string
  /** Stops the stream and its request; `done` then resolves. */
  close(): void
}
