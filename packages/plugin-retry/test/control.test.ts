import {
  BusinessError,
  createAbortController,
  createClient,
  type HttpError,
  hasErrorCode,
  isAbortError,
} from '@miniwire/core'
import { describe, expect, it, vi } from 'vitest'
import { ForceRetryError, forceRetry, RetryBudget, retry } from '../src'
import { ok, scriptedWx, settle, status, useFakeClock, watchStop } from './helpers'

useFakeClock()

describe('aborts', () => {
  it('should reject at once with AbortError when aborted during the backoff (seed-guide defect 5)', async () => {
    const wx = scriptedWx(status(503), ok())
    const client = createClient({ wx: wx as never, plugins: [retry({ jitter: false })] })
    const controller = createAbortController()
    const p = settle(client.get('/x', { signal: controller.signal }))
    await vi.advanceTimersByTimeAsync(100)
    controller.abort()
    const error = await p
    expect(isAbortError(error)).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(1000)
    expect(wx.calls).toHaveLength(1)
  })

  it('should stop on abortAll during the backoff', async () => {
    const wx = scriptedWx(status(503), ok())
    const client = createClient({ wx: wx as never, plugins: [retry({ jitter: false })] })
    const p = settle(client.get('/x'))
    await vi.advanceTimersByTimeAsync(10)
    expect(client.abortAll()).toBe(1)
    expect(isAbortError(await p)).toBe(true)
    expect(wx.calls).toHaveLength(1)
  })

  it('should never retry an abort, even when ERR_ABORTED is listed', async () => {
    const wx = scriptedWx({ fail: { errMsg: 'request:fail abort', errno: 1 } }, ok())
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ errorCodes: ['ERR_ABORTED', 'ERR_NETWORK'] })],
    })
    expect(isAbortError(await settle(client.get('/x')))).toBe(true)
    expect(wx.calls).toHaveLength(1)
  })
})

describe('the onion', () => {
  it('should replay only what lies inside: the outer layer once, the inner on every attempt', async () => {
    const wx = scriptedWx(status(503), status(503), ok())
    const runs = { outer: 0, inner: 0 }
    let attempts = 0
    let retries: number | undefined
    const client = createClient({ wx: wx as never, plugins: [retry({ delay: () => 5 })] })
    client.use(
      async function monitor(ctx, next) {
        runs.outer++
        await next()
        attempts = ctx.attempts
        retries = ctx.state.retry?.attempt
      },
      { stage: 'monitor' },
    )
    client.use(
      async function auth(ctx, next) {
        runs.inner++
        ctx.request.headers.authorization = `Bearer t${runs.inner}`
        await next()
      },
      { stage: 'auth' },
    )
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(10)
    await p
    expect(runs).toEqual({ outer: 1, inner: 3 })
    expect(attempts).toBe(3)
    expect(retries).toBe(2)
    expect(wx.sent.map((h) => h.authorization)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t3'])
  })

  it('should call onRetry and emit retry with the attempt and the wait', async () => {
    const wx = scriptedWx(status(503), status(504), ok())
    const hooked: Array<[number, number]> = []
    const emitted: number[] = []
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ jitter: false, onRetry: (e) => void hooked.push([e.attempt, e.delay]) })],
    })
    client.on('retry', (e) => emitted.push((e.error as HttpError).status))
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(900)
    await p
    expect(hooked).toEqual([
      [1, 300],
      [2, 600],
    ])
    expect(emitted).toEqual([503, 504])
  })

  it('should stop with the error onRetry throws', async () => {
    const wx = scriptedWx(status(503), ok())
    const client = createClient({
      wx: wx as never,
      plugins: [
        retry({
          onRetry: () => {
            throw new Error('not now')
          },
        }),
      ],
    })
    expect(await settle(client.get('/x'))).toMatchObject({ message: 'not now' })
    expect(wx.calls).toHaveLength(1)
  })
})

describe('shouldRetry and forced retries', () => {
  it('should let an async shouldRetry veto a retryable failure', async () => {
    const wx = scriptedWx(status(503), ok())
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ shouldRetry: async () => false })],
    })
    expect(((await settle(client.get('/x'))) as HttpError).status).toBe(503)
    expect(wx.calls).toHaveLength(1)
  })

  it('should let shouldRetry force a retry the rules would refuse, within the limit', async () => {
    const wx = scriptedWx(status(400))
    const seen: number[] = []
    const client = createClient({
      wx: wx as never,
      plugins: [
        retry({
          limit: 1,
          delay: () => 5,
          shouldRetry: async ({ attempt }) => {
            seen.push(attempt)
            return true
          },
        }),
      ],
    })
    const p = settle(client.post('/x', {}))
    await vi.advanceTimersByTimeAsync(5)
    expect(((await p) as HttpError).status).toBe(400)
    expect(wx.calls).toHaveLength(2)
    expect(seen).toEqual([1])
  })

  it('should retry business errors only when ERR_BUSINESS is listed', async () => {
    const wx = scriptedWx(ok({ code: 50001 }), ok({ code: 0 }))
    const envelope = async function envelope(
      ctx: Parameters<typeof forceRetry>[0],
      next: () => Promise<void>,
    ) {
      await next()
      const body = ctx.response?.data as { code: number }
      if (body.code !== 0)
        throw new BusinessError({
          businessCode: body.code,
          businessMessage: 'busy',
          response: ctx.response,
        })
    }
    const plain = createClient({ wx: wx as never, plugins: [retry()] }).use(envelope)
    expect(hasErrorCode(await settle(plain.get('/x')), 'ERR_BUSINESS')).toBe(true)

    const wx2 = scriptedWx(ok({ code: 50001 }), ok({ code: 0 }))
    const listed = createClient({
      wx: wx2 as never,
      plugins: [retry({ errorCodes: ['ERR_BUSINESS'], delay: () => 5 })],
    }).use(envelope)
    const p = listed.get('/x')
    await vi.advanceTimersByTimeAsync(5)
    await expect(p).resolves.toEqual({ code: 0 })
  })

  it('should retry when a middleware below throws ForceRetryError, with its delay (ky#778, ofetch#355)', async () => {
    const wx = scriptedWx(ok({ code: 50301 }), ok({ code: 0 }))
    const delays: number[] = []
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    client.on('retry', (e) => delays.push(e.delay))
    client.use(async function busy(ctx, next) {
      await next()
      if ((ctx.response!.data as { code: number }).code === 50301) {
        throw new ForceRetryError({ delay: 250 })
      }
    })
    const p = client.post('/x', {})
    await vi.advanceTimersByTimeAsync(250)
    await expect(p).resolves.toEqual({ code: 0 })
    expect(delays).toEqual([250])
  })

  it('should rethrow the cause of ForceRetryError when the retries run out', async () => {
    const wx = scriptedWx(ok())
    const cause = new Error('still busy')
    const client = createClient({ wx: wx as never, plugins: [retry({ limit: 1, delay: () => 1 })] })
    client.use(async function busy(_ctx, next) {
      await next()
      throw new ForceRetryError({ cause })
    })
    const p = settle(client.get('/x'))
    await vi.advanceTimersByTimeAsync(1)
    expect(await p).toBe(cause)
    expect(wx.calls).toHaveLength(2)
  })

  it('should replay on forceRetry(ctx) and keep the last response when the limit is reached', async () => {
    let n = 0
    const wx = scriptedWx(ok({ n: 1 }), ok({ n: 2 }), ok({ n: 3 }))
    const client = createClient({ wx: wx as never, plugins: [retry({ limit: 1, delay: () => 1 })] })
    client.use(async function stale(ctx, next) {
      await next()
      n++
      forceRetry(ctx)
    })
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(1)
    await expect(p).resolves.toEqual({ n: 2 })
    expect(n).toBe(2)
  })
})

describe('budget and deadline', () => {
  it('should stop retrying once the shared budget is spent, and let successes refill it', async () => {
    const budget = new RetryBudget({ capacity: 2, refillPerSuccess: 0.5 })
    const wx = scriptedWx(status(503))
    const client = createClient({ wx: wx as never, plugins: [retry({ budget, delay: () => 1 })] })
    const first = settle(client.get('/a'))
    await vi.advanceTimersByTimeAsync(2)
    await first
    expect(wx.calls).toHaveLength(3)
    const watched = watchStop(client)
    await settle(client.get('/b'))
    expect(wx.calls).toHaveLength(4)
    expect(watched.stop).toBe('budget')

    const healthy = createClient({ wx: scriptedWx(ok()) as never, plugins: [retry({ budget })] })
    await healthy.get('/c')
    await healthy.get('/c')
    expect(budget.tokens).toBe(1)
  })

  it('should give each retry() its own budget of 10 retries by default', async () => {
    const wx = scriptedWx(status(503))
    const client = createClient({ wx: wx as never, plugins: [retry({ delay: () => 0 })] })
    for (let i = 0; i < 7; i++) {
      const p = settle(client.get('/x'))
      await vi.advanceTimersByTimeAsync(1)
      await p
    }
    // 5 requests × 2 retries spend the 10 tokens; the 6th and 7th get none.
    expect(wx.calls).toHaveLength(5 * 3 + 2)
  })

  it('should not start a retry whose wait would pass the deadline', async () => {
    const wx = scriptedWx(status(503))
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ jitter: false, limit: 5, deadline: 1000 })],
    })
    const watched = watchStop(client)
    const p = settle(client.get('/x'))
    await vi.advanceTimersByTimeAsync(1000)
    expect(((await p) as HttpError).status).toBe(503)
    // waits 300 and 600 fit in 1000 ms; the next (1200) does not
    expect(wx.calls).toHaveLength(3)
    expect(watched.stop).toBe('deadline')
  })

  it('should shorten each attempt timeout to what the deadline leaves', async () => {
    const wx = scriptedWx(status(503), ok())
    const client = createClient({
      wx: wx as never,
      timeout: 5000,
      plugins: [retry({ jitter: false, deadline: 2000 })],
    })
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(300)
    await p
    expect(wx.calls.map((c) => c.options.timeout)).toEqual([2000, 1700])
  })
})

describe('options', () => {
  it('should take the client default from createClient({ retry })', async () => {
    const wx = scriptedWx(status(503))
    const client = createClient({
      wx: wx as never,
      retry: { limit: 1 },
      plugins: [retry({ delay: () => 1 })],
    })
    const p = settle(client.get('/x'))
    await vi.advanceTimersByTimeAsync(1)
    await p
    expect(wx.calls).toHaveLength(2)
  })

  it('should merge a request option over the plugin options', async () => {
    const wx = scriptedWx(status(503))
    const delays: number[] = []
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ delay: () => 7, jitter: false })],
    })
    client.on('retry', (e) => delays.push(e.delay))
    const p = settle(client.get('/x', { retry: { limit: 4 } }))
    await vi.advanceTimersByTimeAsync(28)
    await p
    expect(delays).toEqual([7, 7, 7, 7])
  })

  it('should layer a request option over the client default over the plugin options', async () => {
    const wx = scriptedWx(status(503))
    const delays: number[] = []
    const client = createClient({
      wx: wx as never,
      retry: { limit: 1, delay: () => 7 },
      plugins: [retry({ jitter: false })],
    })
    client.on('retry', (e) => delays.push(e.delay))
    const p = settle(client.get('/x', { retry: { limit: 3 } }))
    await vi.advanceTimersByTimeAsync(21)
    await p
    expect(delays).toEqual([7, 7, 7])
  })

  it('should switch retries off with retry: false and retry: 0', async () => {
    const wx = scriptedWx(status(503))
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    await settle(client.get('/x', { retry: false }))
    await settle(client.get('/x', { retry: 0 }))
    expect(wx.calls).toHaveLength(2)
  })

  it('should name a bad option at retry() and send nothing for a bad request option', async () => {
    expect(() => retry({ limit: -1 })).toThrow(/retry\.limit must be an integer ≥ 0, got -1/)
    expect(() => retry({ retries: 3 } as never)).toThrow(/unknown option retry\.retries/)
    expect(() => retry({ jitter: 'yes' as never })).toThrow(/retry\.jitter must be a boolean/)
    expect(() => retry({ statusCodes: ['503'] as never })).toThrow(
      /statusCodes must be an array of numbers/,
    )
    const wx = scriptedWx(ok())
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    const error = await settle(client.get('/x', { retry: { deadline: 0 } }))
    expect(hasErrorCode(error, 'ERR_INVALID_OPTION')).toBe(true)
    expect((error as Error).message).toMatch(
      /^GET \/x: retry\.deadline must be a finite number > 0, got 0$/,
    )
    expect(wx.calls).toHaveLength(0)
  })
})

describe('the state left for the monitor', () => {
  it('should record the waits, the key and why it stopped, including an abort in a wait', async () => {
    const wx = scriptedWx(status(503))
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ jitter: false, idempotencyKey: true })],
    })
    const states: unknown[] = []
    client.use(
      async function monitor(ctx, next) {
        await next().finally(() => states.push({ ...ctx.state.retry }))
      },
      { stage: 'monitor' },
    )
    const gaveUp = settle(client.put('/a', {}))
    await vi.advanceTimersByTimeAsync(900)
    await gaveUp
    expect(states[0]).toMatchObject({ attempt: 2, delays: [300, 600], stop: 'limit' })

    const keyed = settle(client.post('/b', {}))
    await vi.advanceTimersByTimeAsync(100)
    client.abortAll()
    await keyed
    expect(states[1]).toMatchObject({ attempt: 0, delays: [], stop: 'aborted' })
    expect((states[1] as { idempotencyKey: string }).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
  })
})
