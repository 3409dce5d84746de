/**
 * Splits streamed text into lines ending in CRLF, LF or CR, whatever the chunk boundaries: a
 * line cut by a chunk end waits for the rest, and a CR that ends one chunk swallows the LF that
 * may start the next (the pair is one line end, as the event-stream format says). CRs are
 * turned into LFs first (only in chunks that have one), so one `indexOf('\n')` finds each line.
 */
/** What `createLineSplitter()` returns. */
export interface LineSplitter {
  /** Feeds text; calls `onLine` for each complete line (without its line end). */
  push(chunk: string): void
  /** The text after the last line end (an unterminated last line), and a fresh start. */
  end(): string
}

/** CR and CRLF line ends, turned into LF. */
const CR = /\r\n?/g

export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  let rest = ''
  /** The last chunk ended in CR: an LF starting the next one belongs to it. */
  let skipLF = false

  function push(chunk: string): void {
    if (skipLF && chunk.charCodeAt(0) === 10) {
      chunk = chunk.slice(1)
      skipLF = false
    }
    // An empty chunk (bytes that only began a character) must not use up a pending CR.
    if (chunk === '') return
    skipLF = chunk.charCodeAt(chunk.length - 1) === 13
    // `rest` holds no line end, so only the new chunk can hold a CR.
    if (chunk.indexOf('\r') >= 0) chunk = chunk.replace(CR, '\n')
    const text = rest + chunk
    let start = 0
    for (let end: number; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
      onLine(text.slice(start, end))
    }
    rest = text.slice(start)
  }

  function end(): string {
    const last = rest
    rest = ''
    skipLF = false
    return last
  }

  return { push, end }
}
