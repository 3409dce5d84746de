/**
 * The logic-layer UTF-8 decoder against Node's `TextDecoder` (the WHATWG reference) on valid
 * text, ill-formed sequences and random bytes, cut at every offset.
 */
import { describe, expect, it } from 'vitest'
import { createUtf8Decoder } from '../src'

const bytes = (...values: number[]) => new Uint8Array(values)

/** Decodes `input` cut at `cuts`, the way a stream of chunks arrives. */
function decodeCut(input: Uint8Array, cuts: number[]): string {
  const decoder = createUtf8Decoder()
  let out = ''
  let start = 0
  for (const end of [...cuts, input.length]) {
    out += decoder.decode(input.subarray(start, end))
    start = end
  }
  return out + decoder.flush()
}

const reference = (input: Uint8Array) => new TextDecoder().decode(input)

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed
  return (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state % n
  }
}

describe('Utf8Decoder', () => {
  it('should decode Chinese, emoji and ASCII like TextDecoder at every single cut', () => {
    const input = new TextEncoder().encode('流式输出 stream 😊🀄 ok é ß\u0000')
    for (let at = 0; at <= input.length; at++) {
      expect(decodeCut(input, [at])).toBe(reference(input))
    }
  })

  it('should carry a character split across three chunks to the chunk that completes it', () => {
    const decoder = createUtf8Decoder()
    const smile = new TextEncoder().encode('😊')
    expect(decoder.decode(smile.subarray(0, 1))).toBe('')
    expect(decoder.decode(smile.subarray(1, 3))).toBe('')
    expect(decoder.decode(smile.subarray(3))).toBe('😊')
    expect(decoder.flush()).toBe('')
  })

  it('should replace each maximal subpart of an ill-formed sequence with one U+FFFD', () => {
    const cases: Array<[Uint8Array, string]> = [
      [bytes(0x80), '\ufffd'],
      [bytes(0xc0, 0xaf), '\ufffd\ufffd'],
      [bytes(0xe0, 0x80, 0x80), '\ufffd\ufffd\ufffd'],
      [bytes(0xed, 0xa0, 0x80), '\ufffd\ufffd\ufffd'],
      [bytes(0xf0, 0x9f, 0x98, 0x41), '\ufffdA'],
      [bytes(0xe4, 0xbd, 0x41, 0xe5), '\ufffdA\ufffd'],
      [bytes(0xf4, 0x90, 0x80, 0x80), '\ufffd\ufffd\ufffd\ufffd'],
      [bytes(0xf5, 0xff, 0x41), '\ufffd\ufffdA'],
    ]
    for (const [input, expected] of cases) {
      expect(reference(input)).toBe(expected)
      for (let at = 0; at <= input.length; at++) expect(decodeCut(input, [at])).toBe(expected)
    }
  })

  it('should give U+FFFD for a character the stream ends in the middle of', () => {
    const decoder = createUtf8Decoder()
    expect(decoder.decode(bytes(0x41, 0xe4, 0xbd))).toBe('A')
    expect(decoder.flush()).toBe('\ufffd')
  })

  it('should drop one leading byte order mark, even when it is split, and keep a later one', () => {
    const input = bytes(0xef, 0xbb, 0xbf, 0x41, 0xef, 0xbb, 0xbf)
    for (let at = 0; at <= input.length; at++) expect(decodeCut(input, [at])).toBe('A\ufeff')
  })

  it('should match TextDecoder on random bytes cut at random offsets', () => {
    const next = random(16)
    for (let round = 0; round < 300; round++) {
      const length = 1 + next(40)
      const input = new Uint8Array(length)
      // Mostly lead and continuation bytes, so ill-formed and split sequences are common.
      for (let i = 0; i < length; i++) input[i] = next(3) === 0 ? next(128) : 0x80 + next(128)
      const cuts = Array.from({ length: next(5) }, () => next(length + 1)).sort((a, b) => a - b)
      expect(decodeCut(input, cuts)).toBe(reference(input))
    }
  })

  it('should decode a body far larger than one conversion slice', () => {
    const text = '数据流'.repeat(20_000)
    const input = new TextEncoder().encode(text)
    expect(decodeCut(input, [])).toBe(text)
  })
})
