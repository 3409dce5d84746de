/**
 * Newline-delimited JSON (NDJSON, JSON Lines) fed decoded text in chunks of any size: each
 * non-blank line is one JSON value. A line that is not JSON is reported with its raw text, so
 * one bad line never costs the rest of the stream; what happens to it is the caller's choice.
 */
import { LineSplitter } from './lines'

/** One NDJSON line: a value, or a line that did not parse. */
export type NdjsonEvent<T = unknown> =
  | { type: 'value'; value: T }
  | { type: 'invalid'; line: string; error: unknown }

/**
 * @example
 * const parser = new NdjsonParser((e) => e.type === 'value' && rows.push(e.value))
 * parser.push('{"n":1}\n{"n":')
 */
export class NdjsonParser<T = unknown> {
  private readonly lines = new LineSplitter((line) => this.line(line))

  constructor(private readonly onEvent: (event: NdjsonEvent<T>) => void) {}

  /** Feeds decoded text. */
  push(text: string): void {
    this.lines.push(text)
  }

  /** Ends the stream: a last line without a line end still counts. */
  end(): void {
    this.line(this.lines.end())
  }

  private line(line: string): void {
    if (line.trim() === '') return
    let value: T
    try {
      value = JSON.parse(line) as T
    } catch (error) {
      this.onEvent({ type: 'invalid', line, error })
      return
    }
    this.onEvent({ type: 'value', value })
  }
}
