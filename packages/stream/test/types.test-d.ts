import { type Client, createClient, type ErrorCode } from '@miniwire/core'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type EventStream,
  type NdjsonEvent,
  type ServerSentEvent,
  type StreamError,
  stream,
} from '../src'

const client: Client = createClient({ wx: { request: () => ({}) as never } })

describe('stream() types', () => {
  it('should give server-sent events by default', () => {
    expectTypeOf(stream(client, '/chat')).toEqualTypeOf<EventStream<ServerSentEvent>>()
  })

  it('should type NDJSON values with the caller’s type', () => {
    const rows = stream<{ n: number }>(client, '/rows', { mode: 'ndjson' })
    expectTypeOf(rows).toEqualTypeOf<EventStream<NdjsonEvent<{ n: number }>>>()
  })

  it('should give strings in text mode', () => {
    expectTypeOf(stream(client, '/log', { mode: 'text' })).toEqualTypeOf<EventStream<string>>()
  })

  it('should take request options beside its own, but not the streaming hooks', () => {
    stream(client, '/chat', {
      method: 'POST',
      data: { prompt: '你好' },
      params: { a: 1 },
      timeout: 1,
    })
    // @ts-expect-error onChunk is the stream's own
    stream(client, '/chat', { onChunk: () => {} })
    // @ts-expect-error invalidLines belongs to NDJSON mode
    stream(client, '/chat', { invalidLines: 'skip' })
  })

  it('should declare ERR_STREAM among core’s error codes', () => {
    expectTypeOf<'ERR_STREAM'>().toExtend<ErrorCode>()
    expectTypeOf<StreamError['reason']>().toEqualTypeOf<
      'dropped' | 'reconnect-limit' | 'invalid-line'
    >()
  })
})
