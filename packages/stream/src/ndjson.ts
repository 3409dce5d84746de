/**
 * Newline-delimited JSON (NDJSON, JSON Lines) fed decoded text in chunks of any size: each
 * non-blank line is one JSON value. A line that is not JSON is reported with its raw text, so
 * one bad line never costs the rest of the stream; what happens to it is the caller's choice.
 */
import { createLineSplitter } from './lines'

/** One NDJSON line: a value, or a line that did not parse. */
export type NdjsonEvent<T = unknown> =
  | { type: 'value'; value: T }
  | { type: 'invalid'; line: string; error: unknown }

/** What `createNdjsonParser()` returns. */
export interface NdjsonParser {
  /** Feeds decoded text. */
  push(text: string): void
  /** Ends the stream: a last line without a line end still counts. */
  end(): void
}

/**
 * @example
 * const parser = createNdjsonParser((e) => e.type === 'value' && rows.push(e.value))
 * parser.push('{"n":1}\n{"n":')
 */
export function createNdjsonParser<T = unknown>(
  onEvent: (event: NdjsonEvent<T>) => void,
): NdjsonParser {
  function line(text: string): void {
    if (text.trim() === '') return
    let event: NdjsonEvent<T>
    try {
      event = { type: 'value', value: JSON.parse(text) as T }
    } catch (error) {
      event = { type: 'invalid', line: text, error }
    }
    // Outside the try: an error thrown by `onEvent` is the caller's, not a bad line.
    onEvent(event)
  }
  const lines = createLineSplitter(line)
  return { push: lines.push, end: () => line(lines.end()) }
}
