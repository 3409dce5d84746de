import { describe, expect, it } from 'vitest'
import { createNdjsonParser, createUtf8Decoder, type NdjsonEvent } from '../src'

function parse(text: string, cuts: number[] = []): NdjsonEvent[] {
  const bytes = new TextEncoder().encode(text)
  const events: NdjsonEvent[] = []
  const parser = createNdjsonParser((e) => events.push(e))
  const decoder = createUtf8Decoder()
  let start = 0
  for (const end of [...cuts, bytes.length]) {
    parser.push(decoder.decode(bytes.subarray(start, end)))
    start = end
  }
  parser.push(decoder.flush())
  parser.end()
  return events
}

describe('NdjsonParser', () => {
  it('should give one value a line whatever the cuts, CRLF and blank lines included', () => {
    const text = '{"n":1,"t":"第一"}\r\n\n  \n[2]\n"三"\n4'
    const expected = [{ n: 1, t: '第一' }, [2], '三', 4].map((value) => ({ type: 'value', value }))
    const length = new TextEncoder().encode(text).length
    for (let at = 0; at <= length; at++) expect(parse(text, [at]), `cut at ${at}`).toEqual(expected)
  })

  it('should report a line that is not JSON with its raw text and go on', () => {
    const events = parse('{"n":1}\n{"n":\n{"n":3}\n')
    expect(events.map((e) => e.type)).toEqual(['value', 'invalid', 'value'])
    expect(events[1]).toMatchObject({ type: 'invalid', line: '{"n":' })
    expect((events[1] as { error: unknown }).error).toBeInstanceOf(SyntaxError)
  })
})
