/**
 * The adapter's streaming hooks, `onHeaders` and `onChunk`, against the demo server's streaming
 * routes through wx-node's `enableChunked` emulation: order, abort, a throwing callback, and a
 * runtime whose request task cannot stream.
 */
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { createAbortController, isAbortError, type MiniwireError, type WxRuntime } from '../src'

const env = useIntegration()

const text = (chunks: ArrayBuffer[]): string =>
  Buffer.concat(chunks.map((chunk) => Buffer.from(chunk))).toString('utf8')

const stats = async (key: string) =>
  (
    await env
      .client()
      .get<{ data: { started: number; completed: number; closedEarly: number } }>(
        `/stream/stats?key=${key}`,
      )
  ).data

/** The test's runtime, with each task's `abort()` calls counted and its shape adjustable. */
function watched(shape: (task: WechatMiniprogram.RequestTask) => object = (task) => task) {
  const seen = { aborts: 0, options: [] as WechatMiniprogram.RequestOption[] }
  const wx: WxRuntime = {
    request(options: WechatMiniprogram.RequestOption) {
      seen.options.push(options)
      const task = env.wx.request(options)
      const abort = task.abort.bind(task)
      task.abort = () => {
        seen.aborts++
        abort()
      }
      return shape(task) as WechatMiniprogram.RequestTask
    },
  }
  return { wx, seen }
}

describe('streaming through onHeaders and onChunk', () => {
  it('should turn on enableChunked and hand every chunk over in order before the request resolves', async () => {
    const { wx, seen } = watched()
    const chunks: ArrayBuffer[] = []
    let settled = false
    const late: number[] = []
    const pending = env
      .client({ wx })
      .send({
        url: '/stream/ndjson?count=20',
        onChunk: (chunk) => {
          if (settled) late.push(chunk.byteLength)
          chunks.push(chunk)
        },
      })
      .finally(() => {
        settled = true
      })
    await pending
    expect(seen.options[0]!.enableChunked).toBe(true)
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.every((chunk) => chunk instanceof ArrayBuffer)).toBe(true)
    const expected = Array.from(
      { length: 20 },
      (_, i) => `${JSON.stringify({ n: i + 1, text: `第${i + 1}行` })}\n`,
    ).join('')
    expect(text(chunks)).toBe(expected)
    expect(late).toEqual([])
  })

  it('should give the status and lower-case headers before the first chunk', async () => {
    const order: string[] = []
    await env.client().send({
      url: '/stream/chat?text=ab',
      onHeaders: (head) => order.push(`headers ${head.status} ${head.headers['content-type']}`),
      onChunk: () => order.push('chunk'),
    })
    expect(order[0]).toBe('headers 200 text/event-stream; charset=utf-8')
    expect(order.slice(1).every((entry) => entry === 'chunk')).toBe(true)
    expect(order.length).toBeGreaterThan(2)
  })

  it('should call task.abort() and reject with AbortError when aborted mid-stream', async () => {
    const { wx, seen } = watched()
    const controller = createAbortController()
    let chunks = 0
    const error = await env
      .client({ wx })
      .send({
        url: '/stream/slow?interval=20&key=abort',
        signal: controller.signal,
        onChunk: () => {
          if (++chunks === 2) controller.abort('user left the page')
        },
      })
      .catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    expect((error as Error).message).toMatch(/user left the page/)
    expect(seen.aborts).toBe(1)
    expect(chunks).toBe(2)
    await expect.poll(async () => (await stats('abort')).closedEarly).toBe(1)
  })

  it('should abort the task and reject with the very error a throwing onChunk threw', async () => {
    const { wx, seen } = watched()
    const thrown = new Error('parser gave up')
    const error = await env
      .client({ wx })
      .send({
        url: '/stream/slow?interval=20&key=throw',
        onChunk: () => {
          throw thrown
        },
      })
      .catch((e: unknown) => e)
    expect(error).toBe(thrown)
    expect(seen.aborts).toBe(1)
    await expect.poll(async () => (await stats('throw')).closedEarly).toBe(1)
  })

  it('should abort with the error a throwing onHeaders threw', async () => {
    const { wx, seen } = watched()
    const thrown = new Error('not an event stream')
    const error = await env
      .client({ wx })
      .send({
        url: '/stream/slow?interval=20',
        onHeaders: () => {
          throw thrown
        },
      })
      .catch((e: unknown) => e)
    expect(error).toBe(thrown)
    expect(seen.aborts).toBe(1)
  })

  it('should fail clearly, not with a TypeError, on a runtime whose task has no onChunkReceived (uni-app#4741, Taro#14969)', async () => {
    const { wx, seen } = watched((task) => ({ abort: () => task.abort() }))
    const error = await env
      .client({ wx })
      .send({ url: '/stream/slow?interval=20', onChunk: () => {} })
      .catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(TypeError)
    expect((error as MiniwireError).code).toBe('ERR_INVALID_OPTION')
    expect((error as Error).message).toMatch(/no onChunkReceived/)
    expect(seen.aborts).toBe(1)
  })

  it('should leave a request without onChunk unchunked', async () => {
    const { wx, seen } = watched()
    await env.client({ wx }).send({ url: '/stream/ndjson?count=2', onHeaders: () => {} })
    expect(seen.options[0]!.enableChunked).toBeUndefined()
  })

  it('should hand a request’s replayable question to the onion as given, without calling it an unclaimed option', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let started = false
    const answers: Array<boolean | undefined> = []
    const client = env.client({
      plugins: [
        {
          name: 'replayer',
          middleware: async (ctx, next) => {
            await next()
            const { replayable } = ctx.request
            answers.push(replayable && replayable())
          },
        },
      ],
    })
    await client.send({
      url: '/stream/ndjson?count=2',
      onChunk: () => {
        started = true
      },
      replayable: () => !started,
    })
    await client.get('/stream/ndjson?count=1')
    expect(answers).toEqual([false, undefined])
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })
})
