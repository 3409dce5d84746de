/**
 * What `stream()` accepts, per mode, and the checks that refuse bad input with a message that
 * names the option. Checked with core's `defineOptions`, so the wording matches every plugin's.
 */
import {
  type AbortSignalLike,
  checks,
  type OptionCheck,
  defineOptions,
  type RequestConfig,
  type ResponseHead,
} from '@miniwire/core'
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

/** The resolved options. */
export interface Resolved {
  mode: 'sse' | 'ndjson' | 'text'
  signal: AbortSignalLike | undefined
  onEvent: ((event: unknown) => void) | undefined
  onOpen: ((head: ResponseHead) => void) | undefined
  onError: ((error: unknown) => void) | undefined
  done: ((event: ServerSentEvent) => boolean) | false
  reconnect: Required<ReconnectOptions> | false
  lastEventId: string
  invalidLines: 'event' | 'skip' | 'throw'
}

/** `false` switches a part off. */
const off = checks.oneOf(false)

const reconnectOptions = defineOptions<ReconnectOptions, Required<ReconnectOptions>>({
  key: 'reconnect',
  schema: { limit: checks.integer(), delay: checks.number(), maxDelay: checks.number() },
  defaults: { limit: 5, delay: 1000, maxDelay: 30_000 },
})

/** The check of each of `stream()`'s own options: every other key goes to the request. */
const schema: Record<string, OptionCheck> = {
  mode: checks.oneOf('sse', 'ndjson', 'text'),
  signal: checks.withMethods('an AbortSignal', 'addEventListener', 'removeEventListener'),
  onEvent: checks.func,
  onOpen: checks.func,
  onError: checks.func,
  done: checks.either(off, checks.func),
  reconnect: checks.mapped(
    checks.either(off, checks.object),
    (value) => value && reconnectOptions.resolve(value, undefined, 'stream()'),
  ),
  lastEventId: { expected: 'a string', test: (value) => typeof value === 'string' },
  invalidLines: checks.oneOf('event', 'skip', 'throw'),
}

const streamOptions = defineOptions<Record<string, unknown>, Resolved>({
  key: 'stream',
  schema,
  // The callbacks and the signal default to undefined: left out.
  defaults: {
    mode: 'sse',
    done: (event: ServerSentEvent) => event.data === '[DONE]',
    reconnect: reconnectOptions.resolve(undefined),
    lastEventId: '',
    invalidLines: 'event',
  } as Resolved,
})

/**
 * Splits `stream()`'s options into its own, checked and resolved, and the request's: every
 * other key, which core checks.
 * @example const [o, config] = splitOptions({ mode: 'ndjson', method: 'POST' })
 */
export function splitOptions(options: object): [Resolved, Partial<RequestConfig>] {
  const own: Record<string, unknown> = {}
  const config: Record<string, unknown> = {}
  for (const key in options) {
    ;(key in schema ? own : config)[key] = (options as Record<string, unknown>)[key]
  }
  return [streamOptions.resolve(own), config]
}
