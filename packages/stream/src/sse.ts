/**
 * The event-stream parser of the WHATWG HTML standard (§9.2.6, "Interpreting an event
 * stream"), fed decoded text in chunks of any size. Fields: `event`, `data` (lines joined with
 * LF), `id` (ignored when it holds U+0000; kept across events as the last event ID), `retry`
 * (ASCII digits only, else ignored); lines starting with `:` are comments; unknown fields and
 * malformed lines are skipped, never thrown; a blank line dispatches, and an event with no data
 * is dropped. An event cut off by the end of the stream is discarded, as the standard says.
 */
import { createLineSplitter } from './lines'

/** One server-sent event. */
export interface ServerSentEvent {
  /** The `event` field, `'message'` when the server sent none. */
  event: string
  /** The `data` lines joined with `\n`. */
  data: string
  /** The last event ID seen on this stream so far (`''` when none). */
  id: string
}

/** What the parser reports. */
export interface SseHandlers {
  onEvent(event: ServerSentEvent): void
  /** A valid `retry` field: the reconnection time in milliseconds. */
  onRetry?(ms: number): void
  /**
   * The last event ID to start from (one stored from an earlier stream).
   * @default ''
   */
  lastEventId?: string | undefined
}

/** What `createSseParser()` returns. */
export interface SseParser {
  /** Feeds decoded text. */
  push(text: string): void
  /** Ends one connection: a pending, unterminated event is discarded; the last ID is kept. */
  reset(): void
  /** The last event ID: survives events and reconnections, sent back as `Last-Event-ID`. */
  readonly lastEventId: string
}

/** ASCII digits only (`\d` is ASCII in JavaScript). */
const DIGITS = /^\d+$/

/**
 * @example
 * const parser = createSseParser({ onEvent: (e) => console.log(e.event, e.data) })
 * parser.push('data: 你好\n\n')
 */
export function createSseParser(handlers: SseHandlers): SseParser {
  const { onEvent, onRetry } = handlers
  let lastEventId = handlers.lastEventId || ''
  let idBuffer = lastEventId
  /** The data lines so far; `undefined` before the event's first. */
  let data: string | undefined
  let event = ''

  const lines = createLineSplitter((line) => {
    if (line === '') {
      // A blank line dispatches: an event with data, and the last event ID even without.
      lastEventId = idBuffer
      if (data !== undefined) onEvent({ event: event || 'message', data, id: lastEventId })
      data = undefined
      event = ''
      return
    }
    // A line without colon is a field name with an empty value.
    let colon = line.indexOf(':')
    if (colon === 0) return
    if (colon < 0) colon = line.length
    const field = line.slice(0, colon)
    // One space after the colon is not part of the value.
    const value = line.slice(colon + (line.charCodeAt(colon + 1) === 32 ? 2 : 1))
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`
    else if (field === 'event') event = value
    else if (field === 'id') {
      if (value.indexOf('\0') < 0) idBuffer = value
    } else if (field === 'retry') {
      if (DIGITS.test(value) && onRetry) onRetry(Number(value))
    }
  })

  return {
    push: lines.push,
    reset() {
      lines.end()
      data = undefined
      event = ''
      idBuffer = lastEventId
    },
    get lastEventId() {
      return lastEventId
    },
  }
}
