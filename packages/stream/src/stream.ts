/**
 * `stream()`: a stream, its `for await` queue and its connections in one closure, so the state
 * stays in plain local variables. Each connection is one request through the client (auth,
 * monitor, loading and abort apply) whose chunks core hands over through `onHeaders` /
 * `onChunk`, decoded and parsed per mode; a non-2xx answer rejects with core's `HttpError`
 * carrying the collected body; SSE reconnects after a lost connection with `Last-Event-ID`,
 * the server's `retry` and backoff, once the app is in the foreground. A callback that throws
 * fails the request with its error (core aborts the task), which ends the stream as it is.
 */
import {
  createAbortController,
  type Client,
  followAbort,
  getAppState,
  HttpError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  type ResponseHead,
  sleep,
} from '@miniwire/core'
import { StreamError, type StreamErrorReason } from './errors'
import { createNdjsonParser, type NdjsonEvent } from './ndjson'
import { createSseParser, type ServerSentEvent } from './sse'
import { createUtf8Decoder } from './utf8'
import { splitOptions } from './options'
import type {
  EventStream,
  NdjsonStreamOptions,
  SseStreamOptions,
  StreamOptions,
  TextStreamOptions,
} from './types'

/**
 * Streams `url` through `client`.
 *
 * @example
 * for await (const event of stream(client, '/chat', { method: 'POST', data: { prompt } })) {
 *   answer += JSON.parse(event.data).choices[0].delta.content
 * }
 */
export function stream(
  client: Client,
  url: string,
  options?: SseStreamOptions,
): EventStream<ServerSentEvent>
export function stream<T = unknown>(
  client: Client,
  url: string,
  options: NdjsonStreamOptions<T>,
): EventStream<NdjsonEvent<T>>
export function stream(client: Client, url: string, options: TextStreamOptions): EventStream<string>
export function stream(
  client: Client,
  url: string,
  options: StreamOptions = {},
): EventStream<unknown> {
  const [o, config] = splitOptions(options)
  const controller = createAbortController()
  const signal = controller.signal
  /** Closed by `close()`, by leaving the loop, or by the final event (which lets the body end). */
  let closed = false
  const close = (): void => {
    closed = true
    controller.abort('stream closed')
  }
  // The `for await` side: events wait in `items` until the loop asks (wx cannot pause a
  // request, so nothing is dropped); a `next()` with nothing to read waits for the next change
  // and asks again, so waiting loops are served in order; once the stream has ended and the
  // queue is read, `next()` settles as `done` does (a rejection is the error that ended it).
  let items: unknown[] = []
  const waiters: Array<() => void> = []
  let ended: Promise<unknown> | undefined
  const wake = (): void => {
    for (const waiter of waiters.splice(0)) waiter()
  }
  const next = (): Promise<IteratorResult<unknown>> => {
    if (items.length) return Promise.resolve({ value: items.shift(), done: false })
    if (ended) return ended.then(() => ({ value: undefined, done: true }))
    return new Promise<void>((resolve) => waiters.push(resolve)).then(next)
  }
  const emit =
    o.onEvent ||
    ((event: unknown): void => {
      items.push(event)
      wake()
    })
  const unfollow = followAbort(o.signal, (reason) => controller.abort(reason))
  const ok = (status: number): boolean => status >= 200 && status < 300
  const request = { method: String(config.method || 'GET').toUpperCase(), url }
  const decoder = createUtf8Decoder()
  /** The connection answered 2xx (read without reconnection only: one connection, no reset). */
  let opened = false
  /** The current connection's body has started reaching the parser: no replay from here. */
  let started = false
  let retryMs: number | undefined
  /** Connections in a row that ended without an event. */
  let failures = 0
  let connections = 0

  const broken = (reason: StreamErrorReason, cause: unknown, line?: string): StreamError =>
    new StreamError({ reason, cause, connections, request, line })
  // After the final event the rest of the body is parsed but not delivered. `done` is an SSE
  // option: its default matches no NDJSON or text event.
  const deliver = (event: unknown): void => {
    if (closed) return
    if (o.done && o.done(event as ServerSentEvent)) closed = true
    else {
      // An event makes the next drop the first failure in a row.
      failures = 0
      emit(event)
    }
  }

  const sse =
    o.mode === 'sse'
      ? createSseParser({
          onEvent: deliver,
          onRetry: (ms) => (retryMs = ms),
          lastEventId: o.lastEventId,
        })
      : undefined
  const ndjson =
    o.mode === 'ndjson'
      ? createNdjsonParser((event) => {
          if (event.type === 'value' || o.invalidLines === 'event') deliver(event)
          else if (o.invalidLines === 'throw') throw broken('invalid-line', event.error, event.line)
        })
      : undefined
  // Text mode delivers each decoded piece as it is.
  const parser = sse ||
    ndjson || {
      push: (text: string) => {
        if (text) deliver(text)
      },
    }
  // One request config and header object for every connection: core reads them at each send.
  const headers: Record<string, string | undefined> = Object.assign(
    {},
    config.headers,
    sse && { accept: 'text/event-stream' },
  )
  /** The body of a refused answer, collected for its `HttpError`; undefined on a 2xx one. */
  let refused: string | undefined
  const connection = Object.assign(config, {
    url,
    headers,
    signal,
    // wx then hands over the finished body undecoded and unparsed (it came through onChunk).
    responseType: 'arraybuffer' as const,
    // Whatever the client accepts, only a 2xx answer is a stream: core rejects the rest.
    validateStatus: ok,
    // Each attempt (an auth refresh replays, SSE reconnects) starts decoding afresh.
    onHeaders: (head: ResponseHead) => {
      decoder.flush()
      opened = ok(head.status)
      refused = opened ? undefined : ''
      if (opened && o.onOpen) o.onOpen(head)
    },
    onChunk: (chunk: ArrayBuffer) => {
      const text = decoder.decode(new Uint8Array(chunk))
      if (refused !== undefined) refused += text
      else {
        started = true
        parser.push(text)
      }
    },
    // Events already delivered would come again: a retry plugin must not replay.
    replayable: () => !started,
  })

  /** Connects until the body ends for good (the final event, no reconnection) or fails. */
  async function run(): Promise<void> {
    const reconnect = sse ? o.reconnect : false
    // Subscribed before the first drop, so that a hide before it is known.
    const app = getAppState(client.wx)
    for (;;) {
      let error: unknown
      connections++
      started = false
      if (sse) {
        // The last connection's unfinished event goes; no header while the last ID is empty.
        sse.reset()
        headers['last-event-id'] = sse.lastEventId || undefined
      }
      try {
        await client.send(connection)
        parser.push(decoder.flush())
        if (ndjson) ndjson.end()
        if (closed || !reconnect) return
      } catch (caught) {
        // Core's HttpError has no body (the chunks came here): the collected one goes in.
        if (refused !== undefined && isHttpError(caught)) {
          let data: unknown = refused + decoder.flush()
          try {
            data = JSON.parse(data as string)
          } catch {
            // Not JSON: the body stays text.
          }
          throw new HttpError({ response: Object.assign({}, caught.response, { data }), request })
        }
        // Only a lost connection is worth another: a refusal, a bad option or a throw would
        // repeat, an abort rejects with core's AbortError, and after the final event (closed)
        // `done` resolves whatever ended the body.
        if (closed || !(isNetworkError(caught) || isTimeoutError(caught))) throw caught
        if (!reconnect) throw opened ? broken('dropped', caught) : caught
        error = caught
      }
      if (++failures > reconnect.limit) throw broken('reconnect-limit', error)
      const base = retryMs === undefined ? reconnect.delay : retryMs
      await sleep(Math.min(reconnect.maxDelay, base * 2 ** (failures - 1)), { signal })
      // A hidden app's requests fail after a few seconds: reconnect once it shows (at once when
      // it is in the foreground).
      await sleep(Infinity, { signal, wake: app.until((now) => now.visible) })
    }
  }

  const done = run().catch((error: unknown) => {
    if (closed) return
    if (o.onError) o.onError(error)
    throw error
  })
  // Handles the rejection too: callback users may never look at `done` (not unhandled).
  done.then(finish, finish)
  function finish(): void {
    unfollow()
    ended = done
    wake()
  }
  return {
    next,
    // Leaving the loop early (`break`, `return`, a throw) closes the stream: the request stops.
    return() {
      close()
      items = []
      // Waiting loops wake when the closed stream's `done` settles.
      ended = Promise.resolve()
      return next()
    },
    [Symbol.asyncIterator]() {
      return this
    },
    done,
    close,
    get lastEventId() {
      return sse ? sse.lastEventId : ''
    },
  }
}
