/**
 * The event-stream parser of the WHATWG HTML standard (§9.2.6, "Interpreting an event
 * stream"), fed decoded text in chunks of any size. Fields: `event`, `data` (lines joined with
 * LF), `id` (ignored when it holds U+0000; kept across events as the last event ID), `retry`
 * (ASCII digits only, else ignored); lines starting with `:` are comments; unknown fields and
 * malformed lines are skipped, never thrown; a blank line dispatches, and an event with no data
 * is dropped. An event cut off by the end of the stream is discarded, as the standard says.
 */
import { LineSplitter } from './lines'

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
}

const DIGITS = /^[0-9]+$/

/**
 * @example
 * const parser = new SseParser({ onEvent: (e) => console.log(e.event, e.data) })
 * parser.push('data: 你好\n\n')
 */
export class SseParser {
  /** The last event ID: survives events and reconnections, sent back as `Last-Event-ID`. */
  lastEventId = ''
  private data = ''
  private hasData = false
  private event = ''
  private idBuffer = ''
  private readonly lines = new LineSplitter((line) => this.line(line))

  constructor(private readonly handlers: SseHandlers) {}

  /** Feeds decoded text. */
  push(text: string): void {
    this.lines.push(text)
  }

  /** Ends one connection: a pending, unterminated event is discarded; the last ID is kept. */
  reset(): void {
    this.lines.end()
    this.data = ''
    this.hasData = false
    this.event = ''
    this.idBuffer = this.lastEventId
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch()
      return
    }
    const colon = line.indexOf(':')
    if (colon === 0) return
    let field = line
    let value = ''
    if (colon > 0) {
      field = line.slice(0, colon)
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1)
    }
    if (field === 'data') {
      this.data = this.hasData ? `${this.data}\n${value}` : value
      this.hasData = true
    } else if (field === 'event') this.event = value
    else if (field === 'id') {
      if (value.indexOf('\0') < 0) this.idBuffer = value
    } else if (field === 'retry') {
      if (DIGITS.test(value) && this.handlers.onRetry) this.handlers.onRetry(Number(value))
    }
  }

  private dispatch(): void {
    this.lastEventId = this.idBuffer
    if (!this.hasData) {
      this.event = ''
      return
    }
    const event: ServerSentEvent = {
      event: this.event || 'message',
      data: this.data,
      id: this.lastEventId,
    }
    this.data = ''
    this.hasData = false
    this.event = ''
    this.handlers.onEvent(event)
  }
}
