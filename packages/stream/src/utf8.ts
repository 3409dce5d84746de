/**
 * A streaming UTF-8 decoder for the mini-program logic layer, which has no `TextDecoder`.
 * It follows the WHATWG Encoding Standard's UTF-8 decoder: a character split across chunks is
 * carried to the next one, each maximal subpart of an ill-formed sequence becomes one U+FFFD
 * (so the output equals `new TextDecoder().decode(bytes, { stream: true })` chunk for chunk), and
 * one leading byte order mark is dropped. Code units are written into a reused `Uint16Array` and
 * turned into a string in slices, which keeps the per-byte loop free of string concatenation.
 */

const REPLACEMENT = 0xfffd
/** Code units per `String.fromCharCode.apply` call, well under every engine's argument limit. */
const SLICE = 4096

/** Decodes a byte stream chunk by chunk. */
export class Utf8Decoder {
  private codePoint = 0
  private needed = 0
  private seen = 0
  private lower = 0x80
  private upper = 0xbf
  private bomChecked = false
  private units = new Uint16Array(256)

  /**
   * The text of `chunk`, with an unfinished character kept for the next call.
   * @example decoder.decode(new Uint8Array(chunk))
   */
  decode(chunk: Uint8Array): string {
    const length = chunk.length
    if (this.units.length <= length) this.units = new Uint16Array(length + 1)
    const units = this.units
    let out = 0
    let codePoint = this.codePoint
    let needed = this.needed
    let seen = this.seen
    let lower = this.lower
    let upper = this.upper
    for (let i = 0; i < length; i++) {
      const byte = chunk[i]!
      if (needed === 0) {
        if (byte < 0x80) units[out++] = byte
        else if (byte >= 0xc2 && byte <= 0xdf) {
          needed = 1
          codePoint = byte & 0x1f
        } else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) lower = 0xa0
          else if (byte === 0xed) upper = 0x9f
          needed = 2
          codePoint = byte & 0xf
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) lower = 0x90
          else if (byte === 0xf4) upper = 0x8f
          needed = 3
          codePoint = byte & 0x7
        } else units[out++] = REPLACEMENT
        continue
      }
      if (byte < lower || byte > upper) {
        // The sequence so far is one maximal subpart: one U+FFFD, then this byte starts afresh.
        codePoint = needed = seen = 0
        lower = 0x80
        upper = 0xbf
        units[out++] = REPLACEMENT
        i--
        continue
      }
      lower = 0x80
      upper = 0xbf
      codePoint = (codePoint << 6) | (byte & 0x3f)
      if (++seen !== needed) continue
      if (codePoint > 0xffff) {
        codePoint -= 0x10000
        units[out++] = 0xd800 | (codePoint >> 10)
        units[out++] = 0xdc00 | (codePoint & 0x3ff)
      } else units[out++] = codePoint
      codePoint = needed = seen = 0
    }
    this.codePoint = codePoint
    this.needed = needed
    this.seen = seen
    this.lower = lower
    this.upper = upper
    let start = 0
    if (!this.bomChecked && out > 0) {
      this.bomChecked = true
      if (units[0] === 0xfeff) start = 1
    }
    return toText(units, start, out)
  }

  /** Ends the stream: an unfinished character becomes U+FFFD; the decoder starts afresh. */
  flush(): string {
    const pending = this.needed !== 0
    this.codePoint = this.needed = this.seen = 0
    this.lower = 0x80
    this.upper = 0xbf
    this.bomChecked = false
    return pending ? '\ufffd' : ''
  }
}

function toText(units: Uint16Array, start: number, end: number): string {
  if (end - start <= SLICE) {
    return String.fromCharCode.apply(null, units.subarray(start, end) as unknown as number[])
  }
  const parts: string[] = []
  for (let at = start; at < end; at += SLICE) {
    const slice = units.subarray(at, Math.min(at + SLICE, end))
    parts.push(String.fromCharCode.apply(null, slice as unknown as number[]))
  }
  return parts.join('')
}
