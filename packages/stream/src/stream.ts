/**
 * `stream()`: one request through the client (so auth, monitor, loading and abort apply) with
 * core's `onHeaders` / `onChunk` hooks, the chunks decoded by our UTF-8 decoder and parsed as
 * SSE, NDJSON or text. A non-2xx answer is collected and rejects with core's `HttpError`
 * carrying the body; SSE reconnects after a drop with `Last-Event-ID` and the server's `retry`.
 */
import {
  type AbortSignalLike,
  type Client,
  createAbortController,
  HttpError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  type ErrorRequestInfo,
  type MiniwireError,
  type MiniwireResponse,
  type ResponseHead,
  sleep,
} from '@miniwire/core'
import { StreamError, type StreamErrorReason } from './errors'
import { type NdjsonEvent, NdjsonParser } from './ndjson'
import type {
  NdjsonStreamOptions,
  Resolved,
  SseStreamOptions,
  StreamOptions,
  TextStreamOptions,
} from './options'
import { streamOptions } from './options'
import { EventQueue } from './queue'
import { type ServerSentEvent, SseParser } from './sse'
import { Utf8Decoder } from './utf8'

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

const isOk = (status: number): boolean => status >= 200 && status < 300

/** The body collected from a refused answer: JSON when it parses, else the text. */
function bodyOf(chunks: ArrayBuffer[]): unknown {
  const decoder = new Utf8Decoder()
  let text = ''
  for (const chunk of chunks) text += decoder.decode(new Uint8Array(chunk))
  text += decoder.flush()
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

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
  const o = streamOptions.resolve(options, undefined, 'stream()')
  const controller = createAbortController()
  let closed = false
  const close = (): void => {
    if (closed) return
    closed = true
    controller.abort('stream closed')
  }
  const queue = new EventQueue<unknown>(close)
  const caller = o.signal
  const onCallerAbort = (): void => controller.abort(caller!.reason)
  if (caller) {
    if (caller.aborted) onCallerAbort()
    else caller.addEventListener('abort', onCallerAbort)
  }
  const session = new Session(client, url, o, controller.signal, (event) =>
    o.onEvent ? o.onEvent(event) : queue.push(event),
  )
  const done = session.run().then(
    () => {
      if (caller) caller.removeEventListener('abort', onCallerAbort)
      queue.end(false)
    },
    (error: unknown) => {
      if (caller) caller.removeEventListener('abort', onCallerAbort)
      if (closed) return queue.end(false)
      queue.end(true, error)
      if (o.onError) o.onError(error)
      throw error
    },
  )
  // Callback users may never look at `done`: its rejection is theirs to read, not unhandled.
  done.catch(() => {})
  Object.defineProperty(queue, 'lastEventId', { get: () => session.lastEventId })
  return Object.assign(queue, { done, close }) as unknown as EventStream<unknown>
}

/** The connections of one stream, and the parser that outlives them. */
class Session {
  private readonly sse: SseParser | undefined
  private readonly ndjson: NdjsonParser | undefined
  private finished = false
  /** The current connection answered 2xx. */
  private opened = false
  /** An error thrown on purpose inside `onChunk` (a callback's, a refused line): no retry. */
  private fatal: { error: unknown } | undefined
  private retryMs: number | undefined
  private events = 0
  private connections = 0

  constructor(
    private readonly client: Client,
    private readonly url: string,
    private readonly o: Resolved,
    private readonly signal: AbortSignalLike,
    private readonly emit: (event: unknown) => void,
  ) {
    if (o.mode === 'sse') {
      this.sse = new SseParser({
        onEvent: (event) => this.deliver(event),
        onRetry: (ms) => {
          this.retryMs = ms
        },
      })
      this.sse.lastEventId = o.lastEventId
      this.sse.reset()
    } else if (o.mode === 'ndjson') {
      this.ndjson = new NdjsonParser((event) => this.line(event))
    }
  }

  get lastEventId(): string {
    return this.sse ? this.sse.lastEventId : ''
  }

  async run(): Promise<void> {
    const reconnect = this.sse ? this.o.reconnect : false
    let failures = 0
    for (;;) {
      const before = this.events
      let error: unknown
      try {
        await this.connect()
        if (this.finished || !reconnect) return
      } catch (caught) {
        if (this.fatal) throw this.fatal.error
        if (this.finished) return
        // Only a lost connection is worth another: a refusal or a bad option would repeat.
        const lost = isNetworkError(caught) || isTimeoutError(caught)
        if (!lost || this.signal.aborted) throw caught
        if (!reconnect) throw this.opened ? this.broken('dropped', caught) : caught
        error = caught
      }
      failures = this.events > before ? 1 : failures + 1
      if (failures > reconnect.limit) throw this.broken('reconnect-limit', error)
      const base = this.retryMs === undefined ? reconnect.delay : this.retryMs
      await sleep(Math.min(reconnect.maxDelay, base * 2 ** (failures - 1)), {
        signal: this.signal,
      })
    }
  }

  /** One request; resolves when its body ended. */
  private async connect(): Promise<void> {
    const { o, sse } = this
    this.connections++
    const headers: Record<string, string> = Object.assign({}, o.headers)
    if (sse) {
      headers.accept = 'text/event-stream'
      if (sse.lastEventId) headers['last-event-id'] = sse.lastEventId
    }
    const decoder = new Utf8Decoder()
    let refused: ArrayBuffer[] | undefined
    this.opened = false
    let response: MiniwireResponse
    try {
      response = await this.client.send(
        Object.assign({}, o.request, {
          url: this.url,
          method: o.method,
          data: o.data,
          headers,
          signal: this.signal,
          responseType: 'arraybuffer' as const,
          dataType: 'text' as const,
          // Each attempt (an auth refresh replays) starts the body afresh.
          onHeaders: (head: ResponseHead) => {
            decoder.flush()
            if (sse) sse.reset()
            refused = isOk(head.status) ? undefined : []
            this.opened = !refused
            if (this.opened && o.onOpen) this.guard(() => o.onOpen!(head))
          },
          onChunk: (chunk: ArrayBuffer) => {
            if (refused) refused.push(chunk)
            else if (!this.finished) this.feed(decoder.decode(new Uint8Array(chunk)))
          },
        }),
      )
    } catch (error) {
      if (refused && refused.length > 0 && isHttpError(error)) {
        throw new HttpError({
          response: Object.assign({}, error.response, { data: bodyOf(refused) }),
          request: error.request,
          cause: error.cause,
        })
      }
      throw error
    }
    // A client whose validateStatus accepts this status still gets no stream from it.
    if (refused)
      throw new HttpError({
        response: Object.assign({}, response, { data: bodyOf(refused) }),
        request: this.request(),
      })
    if (this.finished) return
    this.feed(decoder.flush())
    if (this.ndjson) this.ndjson.end()
  }

  private feed(text: string): void {
    if (text === '') return
    if (this.sse) this.sse.push(text)
    else if (this.ndjson) this.ndjson.push(text)
    else this.deliver(text)
  }

  private line(event: NdjsonEvent): void {
    const mode = this.o.invalidLines
    if (event.type === 'value' || mode === 'event') this.deliver(event)
    else if (mode === 'throw') {
      this.fail(this.broken('invalid-line', event.error, event.line))
    }
  }

  private deliver(event: unknown): void {
    if (this.finished) return
    const done = this.o.done
    if (this.sse && done && this.guard(() => done(event as ServerSentEvent))) {
      this.finished = true
      return
    }
    this.events++
    this.guard(() => this.emit(event))
  }

  /** Runs a user callback; a throw ends the stream with that error (core aborts the task). */
  private guard<T>(callback: () => T): T {
    try {
      return callback()
    } catch (error) {
      return this.fail(error)
    }
  }

  private fail(error: unknown): never {
    this.fatal = { error }
    throw error
  }

  private request(): ErrorRequestInfo {
    return { method: String(this.o.method).toUpperCase(), url: this.url }
  }

  private broken(reason: StreamErrorReason, cause: unknown, line?: string): MiniwireError {
    return new StreamError({
      reason,
      cause,
      connections: this.connections,
      request: this.request(),
      ...(line === undefined ? {} : { line }),
    })
  }
}
