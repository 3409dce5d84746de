/**
 * SSE reconnection against a scripted wx runtime (pure semantics: each connection answers 200,
 * sends its body in one chunk, then drops): the `Last-Event-ID` header carries the last event
 * ID, and once the server clears the ID with an empty `id` field the next connection sends
 * none, as the WHATWG rules say, rather than the stale one; a drop after the final event ends
 * the stream without reconnecting; an event a drop cut short is not carried to the next
 * connection; a `next()` left waiting when the loop returns still ends.
 */
import { createClient, type WxRuntime } from '@miniwire/core'
import { describe, expect, it } from 'vitest'
import { stream } from '../src'

/** A runtime whose n-th request streams `bodies[n]` and then drops the connection. */
function scriptedWx(bodies: string[]) {
  const sent: Array<string | undefined> = []
  const request = (options: WechatMiniprogram.RequestOption) => {
    sent.push((options.header as Record<string, string>)['last-event-id'])
    const body = bodies[sent.length - 1] ?? ''
    let onHeaders: (res: { statusCode: number; header: object }) => void = () => {}
    let onChunk: (res: { data: ArrayBuffer }) => void = () => {}
    setTimeout(() => {
      onHeaders({ statusCode: 200, header: {} })
      onChunk({ data: new TextEncoder().encode(body).buffer as ArrayBuffer })
      options.fail?.({ errMsg: 'request:fail socket hang up' } as never)
      options.complete?.({ errMsg: 'request:fail' })
    })
    return {
      abort() {},
      onHeadersReceived: (listener: typeof onHeaders) => {
        onHeaders = listener
      },
      onChunkReceived: (listener: typeof onChunk) => {
        onChunk = listener
      },
    } as unknown as WechatMiniprogram.RequestTask
  }
  return { wx: { request } as unknown as WxRuntime, sent }
}

describe('SSE reconnection on a scripted runtime', () => {
  it('should send the last event ID, and none after the server cleared it with an empty id field', async () => {
    const { wx, sent } = scriptedWx(['id: 5\ndata: a\n\n', 'id\ndata: b\n\n', 'data: [DONE]\n\n'])
    const events = stream(createClient({ wx }), 'https://api.example.com/live', {
      reconnect: { delay: 1 },
    })
    const got: string[] = []
    for await (const event of events) got.push(`${event.id}:${event.data}`)
    expect(got).toEqual(['5:a', ':b'])
    expect(sent).toEqual([undefined, '5', undefined])
  })

  it('should drop the event a connection left unfinished when the next one starts', async () => {
    const { wx } = scriptedWx(['data: a\n\ndata: cut', 'data: b\n\ndata: [DONE]\n\n'])
    const events = stream(createClient({ wx }), 'https://api.example.com/live', {
      reconnect: { delay: 1 },
    })
    const got: string[] = []
    for await (const event of events) got.push(event.data)
    expect(got).toEqual(['a', 'b'])
  })

  it('should end without reconnecting when the connection drops after the final event', async () => {
    const { wx, sent } = scriptedWx(['data: 1\n\ndata: [DONE]\n\ndata: 2\n\n'])
    const events = stream(createClient({ wx }), 'https://api.example.com/live', {
      reconnect: { delay: 1 },
    })
    const got: string[] = []
    for await (const event of events) got.push(event.data)
    await events.done
    expect(got).toEqual(['1'])
    expect(sent).toHaveLength(1)
  })

  it('should end a next() that was waiting when the loop is left through return()', async () => {
    // A runtime whose request never answers: only the stream's close can end it.
    const request = (options: WechatMiniprogram.RequestOption) =>
      ({
        abort() {
          options.fail?.({ errMsg: 'request:fail abort' } as never)
          options.complete?.({ errMsg: 'request:fail abort' })
        },
        onHeadersReceived() {},
        onChunkReceived() {},
      }) as unknown as WechatMiniprogram.RequestTask
    const events = stream(createClient({ wx: { request } as unknown as WxRuntime }), '/live')
    const waiting = events.next()
    await expect(events.return!()).resolves.toEqual({ value: undefined, done: true })
    await expect(waiting).resolves.toEqual({ value: undefined, done: true })
    await expect(events.done).resolves.toBeUndefined()
  })
})
