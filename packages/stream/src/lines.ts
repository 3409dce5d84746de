/**
 * Splits streamed text into lines ending in CRLF, LF or CR, whatever the chunk boundaries: a
 * line cut by a chunk end waits for the rest, and a CR that ends one chunk swallows the LF that
 * may start the next (the pair is one line end, as the event-stream format says). The next CR
 * and LF positions are remembered, so text without CRs is not searched again for each line.
 */
/** What `createLineSplitter()` returns. */
export interface LineSplitter {
  /** Feeds text; calls `onLine` for each complete line (without its line end). */
  push(chunk: string): void
  /** The text after the last line end (an unterminated last line), and a fresh start. */
  end(): string
}

export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  let rest = ''
  let skipLF = false

  function push(chunk: string): void {
    // An empty chunk (bytes that only began a character) must not use up a pending CR.
    if (chunk === '') return
    if (skipLF) {
      skipLF = false
      if (chunk.charCodeAt(0) === 10) chunk = chunk.slice(1)
      if (chunk === '') return
    }
    const text = rest === '' ? chunk : rest + chunk
    const length = text.length
    let start = 0
    let cr = text.indexOf('\r')
    let lf = text.indexOf('\n')
    while (cr >= 0 || lf >= 0) {
      let end: number
      let next: number
      if (lf >= 0 && (cr < 0 || lf < cr)) {
        end = lf
        next = lf + 1
      } else {
        end = cr
        next = cr + 1
        if (next === length) skipLF = true
        else if (text.charCodeAt(next) === 10) next++
      }
      onLine(text.slice(start, end))
      start = next
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start)
      if (lf >= 0 && lf < start) lf = text.indexOf('\n', start)
    }
    rest = start === 0 ? text : text.slice(start)
  }

  function end(): string {
    const last = rest
    rest = ''
    skipLF = false
    return last
  }

  return { push, end }
}
