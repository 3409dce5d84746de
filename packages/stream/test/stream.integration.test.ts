/**
 * `stream()` against the demo server's streaming routes through wx-node's `enableChunked`:
 * every mode, re-chunking at every byte offset, abort, refusals, drops and SSE reconnection.
 */
import {
  createAbortController,
  hasErrorCode,
  isAbortError,
  isHttpError,
  isNetworkError,
  type MiniwireError,
} from '@miniwire/core'
import { CHAT_TEXT, SSE_FIXTURE } from '@miniwire/demo-server'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { type NdjsonEvent, type ServerSentEvent, StreamError, stream } from '../src'
import { FIXTURE_EVENTS } from './fixture'

const env = useIntegration()

const stats = async (key: string) =>
  (
    await env.client().get<{
      data: { started: number; completed: number; closedEarly: number; lastEventIds: unknown[] }
    }>(`/stream/stats?key=${key}`)
  ).data

async function collect<E>(events: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = []
  for await (const event of events) out.push(event)
  return out
}

const contentOf = (events: ServerSentEvent[]) =>
  events.map((e) => JSON.parse(e.data).choices[0].delta.content).join('')

describe('stream() in SSE mode', () => {
  it('should stream a Chinese chat completion token by token and stop at [DONE] without delivering it', async () => {
    const heads: number[] = []
    const events = await collect(
      stream(env.client(), '/stream/chat?key=chat', { onOpen: (head) => heads.push(head.status) }),
    )
    expect(contentOf(events)).toBe(CHAT_TEXT)
    expect(events.every((e) => e.event === 'message')).toBe(true)
    expect(heads).toEqual([200])
    expect(await stats('chat')).toMatchObject({ started: 1, completed: 1 })
  })

  it('should parse the fixture to the same events whatever byte offset wx-node cuts it at', async () => {
    const length = new TextEncoder().encode(SSE_FIXTURE).length
    const client = env.client()
    for (let at = 0; at <= length; at++) {
      const events = await collect(
        stream(client, `/stream/fixture?at=${at}`, { reconnect: false, done: false }),
      )
      expect(events, `cut at byte ${at}`).toEqual(FIXTURE_EVENTS)
    }
  })

  it('should parse the fixture sent one byte per chunk', async () => {
    const length = new TextEncoder().encode(SSE_FIXTURE).length
    const at = Array.from({ length: length - 1 }, (_, i) => i + 1).join(',')
    const events = await collect(
      stream(env.client(), `/stream/fixture?at=${at}`, { reconnect: false }),
    )
    expect(events).toEqual(FIXTURE_EVENTS)
  })

  it('should deliver events to onEvent and resolve done, queueing nothing for for-await', async () => {
    const seen: ServerSentEvent[] = []
    const events = stream(env.client(), '/stream/chat?text=早上好', {
      onEvent: (e) => seen.push(e),
    })
    await events.done
    expect(contentOf(seen)).toBe('早上好')
    expect(await collect(events)).toEqual([])
  })

  it('should end with the final event the caller marks as done', async () => {
    const events = await collect(
      stream(env.client(), '/stream/feed?count=6&key=mark', {
        done: (event) => event.id === '3',
      }),
    )
    expect(events.map((e) => e.data)).toEqual(['第1条', '第2条'])
    expect((await stats('mark')).started).toBe(1)
  })
})

describe('stream() in NDJSON and text modes', () => {
  it('should give each line as a value and a broken line as an invalid event, then go on', async () => {
    const events = await collect(
      stream(env.client(), '/stream/ndjson?count=4&bad=2', { mode: 'ndjson' }),
    )
    expect(events.map((e) => e.type)).toEqual(['value', 'invalid', 'value', 'value'])
    expect(events[0]).toEqual({ type: 'value', value: { n: 1, text: '第1行' } })
    expect(events[1]).toMatchObject({ type: 'invalid', line: '{"n":2,' })
  })

  it('should skip a broken line when asked', async () => {
    const events = await collect(
      stream<{ n: number }>(env.client(), '/stream/ndjson?count=3&bad=2', {
        mode: 'ndjson',
        invalidLines: 'skip',
      }),
    )
    expect(events.map((e) => (e as { value: { n: number } }).value.n)).toEqual([1, 3])
  })

  it('should fail with StreamError invalid-line, naming the line, when asked to throw', async () => {
    const error = await collect(
      stream(env.client(), '/stream/ndjson?count=3&bad=2', {
        mode: 'ndjson',
        invalidLines: 'throw',
      }),
    ).catch((e: unknown) => e)
    expect(StreamError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'ERR_STREAM', reason: 'invalid-line', line: '{"n":2,' })
  })

  it('should give the body as decoded text pieces in text mode', async () => {
    const pieces = await collect(stream(env.client(), '/stream/ndjson?count=3', { mode: 'text' }))
    expect(pieces.length).toBeGreaterThan(1)
    expect(pieces.join('')).toBe(
      '{"n":1,"text":"第1行"}\n{"n":2,"text":"第2行"}\n{"n":3,"text":"第3行"}\n',
    )
  })

  it('should fail with StreamError dropped when the connection drops mid-stream', async () => {
    const got: NdjsonEvent[] = []
    const errors: unknown[] = []
    const events = stream(env.client(), '/stream/drop?after=2&type=ndjson', {
      mode: 'ndjson',
      onEvent: (e) => got.push(e),
      onError: (e) => errors.push(e),
    })
    const error = await events.done.catch((e: unknown) => e)
    expect(got).toEqual([
      { type: 'value', value: { n: 1 } },
      { type: 'value', value: { n: 2 } },
    ])
    expect(error).toMatchObject({ code: 'ERR_STREAM', reason: 'dropped', connections: 1 })
    expect(isNetworkError((error as MiniwireError).cause)).toBe(true)
    expect(errors).toEqual([error])
  })
})

describe('stream() refusals and abort', () => {
  it('should reject with HttpError carrying the body for a non-2xx answer, without reconnecting', async () => {
    const error = await collect(
      stream(env.client(), '/fault/flaky?key=refused&fail=5&status=503'),
    ).catch((e: unknown) => e)
    expect(isHttpError(error)).toBe(true)
    expect(error).toMatchObject({ status: 503, data: { code: 50300 } })
    expect(
      (await env.client().get<{ data: { hits: number } }>('/fault/hits?key=refused')).data.hits,
    ).toBe(1)
  })

  it('should reject with HttpError carrying the body even where the client accepts every status', async () => {
    const client = env.client({ validateStatus: () => true })
    const error = await collect(
      stream(client, '/fault/flaky?key=accepted&fail=5&status=503'),
    ).catch((e: unknown) => e)
    expect(isHttpError(error)).toBe(true)
    expect(error).toMatchObject({ status: 503, data: { code: 50300 } })
  })

  it('should stop the task when the caller aborts mid-stream, and reject with AbortError', async () => {
    const controller = createAbortController()
    const seen: string[] = []
    const error = await (async () => {
      for await (const event of stream(env.client(), '/stream/slow?interval=20&key=abort', {
        signal: controller.signal,
      })) {
        seen.push(event.data)
        if (seen.length === 2) controller.abort('page hidden')
      }
    })().catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    expect(seen).toEqual(['tick 1', 'tick 2'])
    await expect.poll(async () => (await stats('abort')).closedEarly).toBe(1)
    expect((await stats('abort')).started).toBe(1)
  })

  it('should stop the task and resolve done when the loop breaks early', async () => {
    const events = stream(env.client(), '/stream/slow?interval=20&key=break')
    for await (const event of events) if (event.data === 'tick 1') break
    await events.done
    await expect.poll(async () => (await stats('break')).closedEarly).toBe(1)
  })

  it('should end the stream with the error an onEvent callback threw', async () => {
    const thrown = new Error('render failed')
    const events = stream(env.client(), '/stream/slow?interval=20&key=throws', {
      onEvent: () => {
        throw thrown
      },
    })
    expect(await events.done.catch((e: unknown) => e)).toBe(thrown)
    await expect.poll(async () => (await stats('throws')).closedEarly).toBe(1)
    expect((await stats('throws')).started).toBe(1)
  })

  it('should fail clearly, not with a TypeError, where the request task has no onChunkReceived (uni-app#4741, Taro#14969)', async () => {
    const wx = {
      request: (options: WechatMiniprogram.RequestOption) => {
        const task = env.wx.request(options)
        return { abort: () => task.abort() } as WechatMiniprogram.RequestTask
      },
    }
    const error = await collect(stream(env.client({ wx }), '/stream/chat?key=nochunk')).catch(
      (e: unknown) => e,
    )
    expect(error).not.toBeInstanceOf(TypeError)
    expect(hasErrorCode(error, 'ERR_INVALID_OPTION')).toBe(true)
    expect((error as Error).message).toMatch(/onChunkReceived/)
    expect((await stats('nochunk')).started).toBeLessThanOrEqual(1)
  })

  it('should refuse bad options with ERR_INVALID_OPTION naming the option', () => {
    expect(() => stream(env.client(), '/x', { mode: 'xml' } as never)).toThrow(
      /stream\(\): stream\.mode must be one of "sse", "ndjson", "text", got "xml"/,
    )
    expect(() => stream(env.client(), '/x', { reconnect: { limit: -1 } })).toThrow(
      /reconnect\.limit must be an integer ≥ 0, got -1/,
    )
    expect(() =>
      stream(env.client(), '/x', { mode: 'ndjson', invalidLines: 'ignore' } as never),
    ).toThrow(/stream\.invalidLines must be one of "event", "skip", "throw", got "ignore"/)
  })
})

describe('stream() SSE reconnection', () => {
  it('should reconnect with Last-Event-ID after each drop and deliver every event once', async () => {
    const opens: number[] = []
    const events = stream(env.client(), '/stream/feed?count=6&per=2&retry=5&key=resume', {
      onOpen: (head) => opens.push(head.status),
    })
    const got = await collect(events)
    expect(got.map((e) => `${e.id}:${e.data}`)).toEqual([
      '1:第1条',
      '2:第2条',
      '3:第3条',
      '4:第4条',
      '5:第5条',
    ])
    expect(got.every((e) => e.event === 'item')).toBe(true)
    expect(opens).toEqual([200, 200, 200])
    expect((await stats('resume')).lastEventIds).toEqual([null, '2', '4'])
    expect(events.lastEventId).toBe('6')
  })

  it('should resume after a stored lastEventId on the first connection', async () => {
    const got = await collect(
      stream(env.client(), '/stream/feed?count=4&key=stored', { lastEventId: '2' }),
    )
    expect(got.map((e) => e.id)).toEqual(['3'])
    expect((await stats('stored')).lastEventIds).toEqual(['2'])
  })

  it('should give up with StreamError reconnect-limit after the limit of fruitless connections', async () => {
    const error = await collect(
      stream(env.client(), '/stream/drop?after=0&key=limit', { reconnect: { limit: 2, delay: 1 } }),
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_STREAM', reason: 'reconnect-limit', connections: 3 })
    expect((await stats('limit')).started).toBe(3)
  })

  it('should not reconnect after the caller aborts while it waits to reconnect', async () => {
    const controller = createAbortController()
    const events = stream(env.client(), '/stream/drop?after=1&key=wait', {
      signal: controller.signal,
      reconnect: { delay: 60_000 },
      onEvent: () => {
        setTimeout(() => controller.abort('left'), 50)
      },
    })
    const error = await events.done.catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    expect((await stats('wait')).started).toBe(1)
  })
})
