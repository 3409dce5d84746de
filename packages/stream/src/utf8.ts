/**
 * A streaming UTF-8 decoder for the mini-program logic layer, which has no text-decoding class.
 * It follows the WHATWG Encoding Standard's UTF-8 decoder: a character split across chunks is
 * carried to the next one, each maximal subpart of an ill-formed sequence becomes one U+FFFD
 * (so the output equals the standard streaming UTF-8 decoder's, chunk for chunk), and
 * one leading byte order mark is dropped. Code units are written into a plain array and turned
 * into a string with `String.fromCharCode.apply` (twice as fast from a plain array as from a
 * `Uint16Array` in V8), which keeps the per-byte loop free of string concatenation; the state
 * lives in the closure's local variables, which the loop reads cheaply.
 */

const REPLACEMENT = 0xfffd
/** Code units per `String.fromCharCode.apply` call, well under every engine's argument limit. */
const SLICE = 8192

/** A streaming decoder: `decode` each chunk, `flush` at the end. */
export interface Utf8Decoder {
  /**
   * The text of `chunk`, with an unfinished character kept for the next call.
   * @example decoder.decode(new Uint8Array(chunk))
   */
  decode(chunk: Uint8Array): string
  /** Ends the stream: an unfinished character becomes U+FFFD; the decoder starts afresh. */
  flush(): string
}

/**
 * @example
 * const decoder = createUtf8Decoder()
 * task.onChunkReceived(({ data }) => show(decoder.decode(new Uint8Array(data))))
 */
export function createUtf8Decoder(): Utf8Decoder {
  // The state of a sequence in progress: the WHATWG decoder's own variables, with `needed`
  // counting down the continuation bytes still to come.
  let codePoint = 0
  let needed = 0
  /** The range of the next continuation byte. */
  let lower = 0x80
  let upper = 0xbf
  /** No text came out yet: a byte order mark may still come first. */
  let first = true

  function decode(chunk: Uint8Array): string {
    const length = chunk.length
    // A carried sequence cut short by this chunk's first byte gives two units for one byte.
    const units: number[] = new Array(length + 1)
    let out = 0
    for (let i = 0; i < length; i++) {
      const byte = chunk[i]!
      if (needed === 0) {
        if (byte < 0x80) {
          units[out++] = byte
          continue
        }
        // A lead byte: how many continuation bytes follow, and the range of the first.
        needed = byte < 0xc2 || byte > 0xf4 ? 0 : byte < 0xe0 ? 1 : byte < 0xf0 ? 2 : 3
        if (needed === 0) units[out++] = REPLACEMENT
        // Its payload: the low 5, 4 or 3 bits of a 2-, 3- or 4-byte sequence's lead.
        codePoint = byte & (0x3f >> needed)
        // The first continuation byte's range (the standard's narrower ones after E0, F0, ED, F4).
        lower = byte === 0xe0 ? 0xa0 : byte === 0xf0 ? 0x90 : 0x80
        upper = byte === 0xed ? 0x9f : byte === 0xf4 ? 0x8f : 0xbf
      } else if (byte < lower || byte > upper) {
        // The sequence so far is one maximal subpart: one U+FFFD, then this byte starts afresh.
        needed = 0
        units[out++] = REPLACEMENT
        i--
      } else {
        lower = 0x80
        upper = 0xbf
        codePoint = (codePoint << 6) | (byte & 0x3f)
        if (--needed !== 0) continue
        // Above U+FFFF: a surrogate pair (0xd7c0 is 0xd800 less the 0x10000 >> 10 taken off).
        if (codePoint > 0xffff) {
          units[out++] = 0xd7c0 + (codePoint >> 10)
          units[out++] = 0xdc00 | (codePoint & 0x3ff)
        } else units[out++] = codePoint
      }
    }
    units.length = out
    if (first && out > 0) {
      first = false
      if (units[0] === 0xfeff) units.shift()
    }
    // In slices that stay under every engine's argument limit.
    let text = ''
    for (let at = 0; at < out; at += SLICE) {
      text += String.fromCharCode.apply(null, out > SLICE ? units.slice(at, at + SLICE) : units)
    }
    return text
  }

  function flush(): string {
    const text = needed ? '\ufffd' : ''
    needed = 0
    first = true
    return text
  }

  return { decode, flush }
}
