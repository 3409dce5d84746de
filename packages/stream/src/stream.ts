/**
 * `stream()`: the public face of a stream. It checks the options, links the caller's signal
 * to the stream's own controller (so `close()` and a `break` out of `for await` stop the
 * request too), and hands the events to `onEvent` or to the `for await` queue.
 */
import { type Client, createAbortController } from '@miniwire/core'
import type { NdjsonEvent } from './ndjson'
import {
  type NdjsonStreamOptions,
  type SseStreamOptions,
  type StreamOptions,
  schema,
  streamOptions,
  type TextStreamOptions,
} from './options'
import { createEventQueue } from './queue'
import { createSession } from './session'
import type { ServerSentEvent } from './sse'

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
  // The stream's own options are checked here; the rest is the request's, checked by core.
  const own: Record<string, unknown> = {}
  const request: Record<string, unknown> = {}
  for (const key in options) {
    ;(key in schema ? own : request)[key] = (options as Record<string, unknown>)[key]
  }
  const o = streamOptions.resolve(own)
  const controller = createAbortController()
  let closed = false
  const close = (): void => {
    closed = true
    controller.abort('stream closed')
  }
  const queue = createEventQueue<unknown>(close)
  const caller = o.signal
  const follow = (): void => controller.abort(caller!.reason)
  if (caller) {
    if (caller.aborted) follow()
    else caller.addEventListener('abort', follow)
  }
  const finish = (error?: { error: unknown }): void => {
    if (caller) caller.removeEventListener('abort', follow)
    queue.end(error)
  }
  const session = createSession(client, url, o, request, controller.signal, (event) =>
    o.onEvent ? o.onEvent(event) : queue.push(event),
  )
  const done = session.run().then(
    () => finish(),
    (error: unknown) => {
      if (closed) return finish()
      finish({ error })
      if (o.onError) o.onError(error)
      throw error
    },
  )
  // Callback users may never look at `done`: its rejection is theirs to read, not unhandled.
  done.catch(() => {})
  return {
    next: queue.next,
    return: queue.return,
    [Symbol.asyncIterator]() {
      return this
    },
    done,
    close,
    get lastEventId() {
      return session.lastEventId()
    },
  }
}
