/**
 * The connections of one stream: each is one request through the client (so auth, monitor,
 * loading and abort apply) whose chunks core hands over through `onHeaders` / `onChunk`. The
 * bytes go through the UTF-8 decoder into the mode's parser; a non-2xx answer is collected and
 * rejects with core's `HttpError` carrying the body; SSE reconnects after a lost connection
 * with `Last-Event-ID` and the server's `retry`, waiting with core's abortable `sleep`.
 * Written as a closure so its state stays in plain local variables.
 */
import {
  type AbortSignalLike,
  type Client,
  HttpError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  type MiniwireResponse,
  type RequestConfig,
  type ResponseHead,
  sleep,
} from '@miniwire/core'
import { StreamError, type StreamErrorReason } from './errors'
import { createNdjsonParser, type NdjsonEvent } from './ndjson'
import type { Resolved } from './options'
import { createSseParser, type ServerSentEvent } from './sse'
import { createUtf8Decoder } from './utf8'

/** A running stream's connections. */
export interface Session {
  /** Resolves at the end of the stream, rejects with the error that ended it. */
  run(): Promise<void>
  lastEventId(): string
}

/** The body collected from a refused answer: JSON when it parses, else the text. */
function bodyOf(chunks: ArrayBuffer[]): unknown {
  const decoder = createUtf8Decoder()
  let text = ''
  for (const chunk of chunks) text += decoder.decode(new Uint8Array(chunk))
  text += decoder.flush()
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export function createSession(
  client: Client,
  url: string,
  o: Resolved,
  config: Partial<RequestConfig>,
  signal: AbortSignalLike,
  emit: (event: unknown) => void,
): Session {
  const request = { method: String(config.method || 'GET').toUpperCase(), url }
  let finished = false
  /** The current connection answered 2xx. */
  let opened = false
  /** An error thrown on purpose inside `onChunk` (a callback's, a refused line): no retry. */
  let fatal: { error: unknown } | undefined
  let retryMs: number | undefined
  let events = 0
  let connections = 0

  const broken = (reason: StreamErrorReason, cause: unknown, line?: string): StreamError =>
    new StreamError({ reason, cause, connections, request, line })

  const fail = (error: unknown): never => {
    fatal = { error }
    throw error
  }
  /** Runs a user callback; a throw ends the stream with that error (core aborts the task). */
  const guard = <T>(callback: () => T): T => {
    try {
      return callback()
    } catch (error) {
      return fail(error)
    }
  }

  const deliver = (event: unknown): void => {
    if (finished) return
    const done = o.done
    if (sse && done && guard(() => done(event as ServerSentEvent))) {
      finished = true
      return
    }
    events++
    guard(() => emit(event))
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
      ? createNdjsonParser((event: NdjsonEvent) => {
          const mode = o.invalidLines
          if (event.type === 'value' || mode === 'event') deliver(event)
          else if (mode === 'throw') fail(broken('invalid-line', event.error, event.line))
        })
      : undefined
  const feed = (text: string): void => {
    if (text === '') return
    if (sse) sse.push(text)
    else if (ndjson) ndjson.push(text)
    else deliver(text)
  }

  /** One request; resolves when its body ended. */
  async function connect(): Promise<void> {
    connections++
    opened = false
    const headers: Record<string, string> = Object.assign({}, config.headers)
    if (sse) {
      sse.reset()
      headers.accept = 'text/event-stream'
      if (sse.lastEventId) headers['last-event-id'] = sse.lastEventId
    }
    const decoder = createUtf8Decoder()
    let refused: ArrayBuffer[] | undefined
    const refusal = (response: MiniwireResponse): HttpError =>
      new HttpError({ response: Object.assign({}, response, { data: bodyOf(refused!) }), request })
    let response: MiniwireResponse
    try {
      response = await client.send(
        Object.assign({}, config, {
          url,
          headers,
          signal,
          responseType: 'arraybuffer' as const,
          dataType: 'text' as const,
          // Each attempt (an auth refresh replays) starts the body afresh.
          onHeaders: (head: ResponseHead) => {
            decoder.flush()
            if (sse) sse.reset()
            refused = head.status >= 200 && head.status < 300 ? undefined : []
            opened = !refused
            if (opened && o.onOpen) guard(() => o.onOpen!(head))
          },
          onChunk: (chunk: ArrayBuffer) => {
            if (refused) refused.push(chunk)
            else if (!finished) feed(decoder.decode(new Uint8Array(chunk)))
          },
        }),
      )
    } catch (error) {
      throw refused && refused.length > 0 && isHttpError(error) ? refusal(error.response) : error
    }
    // A client whose validateStatus accepts this status still gets no stream from it.
    if (refused) throw refusal(response)
    if (finished) return
    feed(decoder.flush())
    if (ndjson) ndjson.end()
  }

  async function run(): Promise<void> {
    const reconnect = sse ? o.reconnect : false
    let failures = 0
    for (;;) {
      const before = events
      let error: unknown
      try {
        await connect()
        if (finished || !reconnect) return
      } catch (caught) {
        if (fatal) throw fatal.error
        if (finished) return
        // Only a lost connection is worth another: a refusal or a bad option would repeat.
        const lost = isNetworkError(caught) || isTimeoutError(caught)
        if (!lost || signal.aborted) throw caught
        if (!reconnect) throw opened ? broken('dropped', caught) : caught
        error = caught
      }
      failures = events > before ? 1 : failures + 1
      if (failures > reconnect.limit) throw broken('reconnect-limit', error)
      const base = retryMs === undefined ? reconnect.delay : retryMs
      await sleep(Math.min(reconnect.maxDelay, base * 2 ** (failures - 1)), { signal })
    }
  }

  return { run, lastEventId: () => (sse ? sse.lastEventId : '') }
}
