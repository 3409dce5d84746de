import {
  createClient,
  type HttpError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
} from '@miniwire/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { retry } from '../src'
import { networkDown, ok, scriptedWx, settle, status, timedOut, watchStop } from './helpers'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('the retry schedule', () => {
  it('should retry a GET on 503 twice and resolve with the third answer', async () => {
    const wx = scriptedWx(status(503), status(503), ok({ n: 3 }))
    const client = createClient({ wx: wx as never, plugins: [retry({ jitter: false })] })
    const delays: number[] = []
    client.on('retry', (event) => delays.push(event.delay))
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(900)
    await expect(p).resolves.toEqual({ n: 3 })
    expect(wx.calls).toHaveLength(3)
    expect(delays).toEqual([300, 600])
  })

  it('should send nothing before the backoff has passed', async () => {
    const wx = scriptedWx(status(503), status(503), ok())
    const client = createClient({ wx: wx as never, plugins: [retry({ jitter: false })] })
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(299)
    expect(wx.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(wx.calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(599)
    expect(wx.calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    await expect(p).resolves.toEqual({ ok: true })
    expect(wx.calls).toHaveLength(3)
  })

  it('should jitter every wait by default (seed-guide defect 5: no jitter; ky#509)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const wx = scriptedWx(status(503), status(503), ok())
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    const delays: number[] = []
    client.on('retry', (event) => delays.push(event.delay))
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(450)
    await p
    expect(delays).toEqual([150, 300])
  })

  it('should keep jittered waits within [0, delay)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999)
    const wx = scriptedWx(status(502), status(502), ok())
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    const delays: number[] = []
    client.on('retry', (event) => delays.push(event.delay))
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(900)
    await p
    expect(delays[0]).toBeLessThan(300)
    expect(delays[1]).toBeLessThan(600)
    expect(delays[1]).toBeGreaterThanOrEqual(599)
  })

  it('should give up after limit retries and rethrow the last error unchanged', async () => {
    const wx = scriptedWx(status(500))
    const seen: unknown[] = []
    const client = createClient({ wx: wx as never, plugins: [retry({ jitter: false })] })
    client.use(async function spy(_ctx, next) {
      try {
        await next()
      } catch (error) {
        seen.push(error)
        throw error
      }
    })
    const p = settle(client.get('/x'))
    await vi.advanceTimersByTimeAsync(900)
    const error = await p
    expect(isHttpError(error) && error.status).toBe(500)
    expect(error).toBe(seen[2])
    expect(wx.calls).toHaveLength(3)
  })

  it('should retry network errors and timeouts of a GET', async () => {
    const wx = scriptedWx(networkDown, timedOut, ok())
    const errors: unknown[] = []
    const client = createClient({ wx: wx as never, plugins: [retry({ delay: () => 10 })] })
    client.on('retry', (event) => errors.push(event.error))
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(20)
    await expect(p).resolves.toEqual({ ok: true })
    expect(isNetworkError(errors[0])).toBe(true)
    expect(isTimeoutError(errors[1])).toBe(true)
  })

  it('should not retry a status outside statusCodes', async () => {
    const wx = scriptedWx(status(404), ok())
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    const error = await settle(client.get('/x'))
    expect((error as HttpError).status).toBe(404)
    expect(wx.calls).toHaveLength(1)
  })
})

describe('Retry-After', () => {
  it('should wait the seconds a 429 names instead of the backoff', async () => {
    const wx = scriptedWx(status(429, { 'Retry-After': '2' }), ok())
    const client = createClient({ wx: wx as never, plugins: [retry({ jitter: false })] })
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(1999)
    expect(wx.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await expect(p).resolves.toEqual({ ok: true })
    expect(wx.calls).toHaveLength(2)
  })

  it('should wait until the HTTP-date a 503 names', async () => {
    vi.setSystemTime(Date.parse('2024-05-01T08:00:00Z'))
    const wx = scriptedWx(status(503, { 'retry-after': 'Wed, 01 May 2024 08:00:05 GMT' }), ok())
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    const delays: number[] = []
    client.on('retry', (event) => delays.push(event.delay))
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(5000)
    await p
    expect(delays).toEqual([5000])
  })

  it('should give up at once when Retry-After is beyond maxRetryAfter', async () => {
    const wx = scriptedWx(status(429, { 'retry-after': '120' }), ok())
    const client = createClient({ wx: wx as never, plugins: [retry({ maxRetryAfter: 60_000 })] })
    const watched = watchStop(client)
    const error = await settle(client.get('/x'))
    expect((error as HttpError).status).toBe(429)
    expect(watched.stop).toBe('retry-after')
    expect(wx.calls).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('should ignore Retry-After on a status not in afterStatusCodes', async () => {
    const wx = scriptedWx(status(500, { 'retry-after': '30' }), ok())
    const client = createClient({ wx: wx as never, plugins: [retry({ jitter: false })] })
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(300)
    await expect(p).resolves.toEqual({ ok: true })
  })
})

describe('methods and idempotency', () => {
  it('should not retry a POST on 503 (seed-guide defect 5)', async () => {
    const wx = scriptedWx(status(503), ok())
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    const error = await settle(client.post('/orders', { sku: 1 }))
    expect((error as HttpError).status).toBe(503)
    expect(wx.calls).toHaveLength(1)
  })

  it('should retry a POST that carries a generated key, sending the same key each time', async () => {
    const wx = scriptedWx(status(503), status(503), ok())
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ idempotencyKey: true, delay: () => 10 })],
    })
    const p = client.post('/orders', { sku: 1 })
    await vi.advanceTimersByTimeAsync(20)
    await p
    const keys = wx.sent.map((h) => h['idempotency-key'])
    expect(keys).toHaveLength(3)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Set(keys).size).toBe(1)
  })

  it('should give each logical POST its own key', async () => {
    const wx = scriptedWx(ok())
    const client = createClient({ wx: wx as never, plugins: [retry({ idempotencyKey: true })] })
    await client.post('/a', {})
    await client.post('/a', {})
    const keys = wx.sent.map((h) => h['idempotency-key'])
    expect(keys[0]).not.toBe(keys[1])
  })

  it('should keep a key the caller set and retry on it', async () => {
    const wx = scriptedWx(status(502), ok())
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ idempotencyKey: true, delay: () => 10 })],
    })
    const p = client.post('/pay', {}, { headers: { 'Idempotency-Key': 'order-42' } })
    await vi.advanceTimersByTimeAsync(10)
    await p
    expect(wx.sent.map((h) => h['idempotency-key'])).toEqual(['order-42', 'order-42'])
  })

  it('should use a key function and a custom header name', async () => {
    const wx = scriptedWx(ok())
    const client = createClient({
      wx: wx as never,
      plugins: [
        retry({
          idempotencyKey: (ctx) => `k-${ctx.request.url}`,
          idempotencyHeader: 'X-Request-Id',
        }),
      ],
    })
    await client.post('/a', {})
    expect(wx.sent[0]!['x-request-id']).toBe('k-/a')
  })

  it('should not retry a POST that timed out, even when POST is listed in methods (got#786, got#751)', async () => {
    const wx = scriptedWx(timedOut, ok())
    const client = createClient({ wx: wx as never, plugins: [retry({ methods: ['get', 'post'] })] })
    const error = await settle(client.post('/orders', {}))
    expect(isTimeoutError(error)).toBe(true)
    expect(wx.calls).toHaveLength(1)
  })

  it('should retry a POST on a status when POST is listed in methods', async () => {
    const wx = scriptedWx(status(503), ok())
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ methods: ['GET', 'POST'], delay: () => 10 })],
    })
    const p = client.post('/orders', {})
    await vi.advanceTimersByTimeAsync(10)
    await expect(p).resolves.toEqual({ ok: true })
  })

  it('should retry a timed-out POST that carries a key', async () => {
    const wx = scriptedWx(timedOut, ok())
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ idempotencyKey: true, delay: () => 10 })],
    })
    const p = client.post('/orders', {})
    await vi.advanceTimersByTimeAsync(10)
    await expect(p).resolves.toEqual({ ok: true })
    expect(wx.calls).toHaveLength(2)
  })

  it('should put no key on a GET', async () => {
    const wx = scriptedWx(ok())
    const client = createClient({ wx: wx as never, plugins: [retry({ idempotencyKey: true })] })
    await client.get('/a')
    expect(wx.sent[0]!['idempotency-key']).toBeUndefined()
  })
})
