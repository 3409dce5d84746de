/**
 * The event-stream parser fed bytes through the UTF-8 decoder, as the stream feeds it: the
 * WHATWG rules one by one, and the whole fixture re-chunked at every byte offset (inside
 * multi-byte characters and CRLF pairs) and pair of offsets, giving the same events each time.
 */
import { SSE_FIXTURE } from '@miniwire/demo-server'
import { describe, expect, it } from 'vitest'
import { createSseParser, createUtf8Decoder, type ServerSentEvent } from '../src'
import { FIXTURE_EVENTS } from './fixture'

function parse(input: Uint8Array | string, cuts: number[] = []) {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input
  const events: ServerSentEvent[] = []
  const retries: number[] = []
  const parser = createSseParser({
    onEvent: (e) => events.push(e),
    onRetry: (ms) => retries.push(ms),
  })
  const decoder = createUtf8Decoder()
  let start = 0
  for (const end of [...cuts, bytes.length]) {
    parser.push(decoder.decode(bytes.subarray(start, end)))
    start = end
  }
  parser.push(decoder.flush())
  parser.reset()
  return { events, retries, lastEventId: parser.lastEventId }
}

const fixture = new TextEncoder().encode(SSE_FIXTURE)

describe('SseParser', () => {
  it('should parse the fixture to the events the standard gives', () => {
    const result = parse(fixture)
    expect(result.events).toEqual(FIXTURE_EVENTS)
    expect(result.retries).toEqual([2500])
  })

  it('should give the same events with the stream cut at every byte offset', () => {
    for (let at = 0; at <= fixture.length; at++) {
      expect(parse(fixture, [at]).events, `cut at ${at}`).toEqual(FIXTURE_EVENTS)
    }
  })

  it('should give the same events with the stream cut at every pair of byte offsets', () => {
    for (let a = 1; a < fixture.length; a++) {
      for (let b = a; b < fixture.length; b += 3) {
        expect(parse(fixture, [a, b]).events, `cut at ${a}, ${b}`).toEqual(FIXTURE_EVENTS)
      }
    }
  })

  it('should give the same events fed one byte at a time', () => {
    const cuts = Array.from({ length: fixture.length - 1 }, (_, i) => i + 1)
    expect(parse(fixture, cuts).events).toEqual(FIXTURE_EVENTS)
  })

  it('should deliver two events that arrive in one chunk, and one that arrives in halves (miniprogram-bug-report#304)', () => {
    expect(parse('data: a\n\ndata: b\n\ndata: c').events.map((e) => e.data)).toEqual(['a', 'b'])
    const bytes = new TextEncoder().encode('data: 一个完整的事件\n\n')
    expect(parse(bytes, [9]).events.map((e) => e.data)).toEqual(['一个完整的事件'])
  })

  it('should treat a CR that ends one chunk and an LF that starts the next as one line end', () => {
    const bytes = new TextEncoder().encode('data: x\r\n\r\ndata: y\r\n\r\n')
    for (let at = 0; at <= bytes.length; at++) {
      expect(parse(bytes, [at]).events.map((e) => e.data)).toEqual(['x', 'y'])
    }
  })

  it('should keep the last event ID across events and give it to events without an id', () => {
    const { events, lastEventId } = parse('id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n')
    expect(events.map((e) => e.id)).toEqual(['7', '7', ''])
    expect(lastEventId).toBe('')
  })

  it('should set the last event ID from an event that has no data', () => {
    const { events, lastEventId } = parse('id: 9\n\n')
    expect(events).toEqual([])
    expect(lastEventId).toBe('9')
  })

  it('should ignore a retry that is not only ASCII digits', () => {
    expect(parse('retry: 10 \nretry: -5\nretry: 1e3\nretry: 3000\n\n').retries).toEqual([3000])
  })

  it('should strip only one space after the colon and take a line without colon as a field name', () => {
    const { events } = parse('data:   three\ndata\ndata:\n\n')
    expect(events[0]!.data).toBe('  three\n\n')
  })

  it('should discard an event the stream ends before its blank line', () => {
    expect(parse('data: complete\n\ndata: cut off\n').events.map((e) => e.data)).toEqual([
      'complete',
    ])
  })

  it('should skip malformed lines and unknown fields without throwing', () => {
    const { events } = parse('\u0000\u0001\n:\nbogus\nevent\ndata: ok\nunknown: x\n\n')
    expect(events).toEqual([{ event: 'message', data: 'ok', id: '' }])
  })
})
