/**
 * What the monitor records, through core's real pipeline on a scripted wx.request (pure
 * pipeline semantics) with a fake clock, so durations are exact.
 */
import { createClient, isMiniwireError, type Middleware } from '@miniwire/core'
import { createFakeWx, type FakeAnswer } from '@miniwire/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { monitor } from '../src'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** A fake wx whose answers take `ms` of (fake) time each; memory storage is left out. */
function slowWx(answer: (url: string) => { ms: number } & FakeAnswer) {
  return createFakeWx(
    (options) =>
      new Promise<FakeAnswer>((resolve) => {
        const { ms, ...rest } = answer(options.url)
        setTimeout(() => resolve(rest), ms)
      }),
  )
}

const ok = (ms: number, data: unknown = { ok: true }) => ({ ms, statusCode: 200, data })

/** Replays the inner onion up to `limit` times, as plugin-retry does, recording its state. */
const replay =
  (limit: number): Middleware =>
  async (ctx, next) => {
    const state = { attempt: 0 }
    ;(ctx.state as { retry?: typeof state }).retry = state
    for (;;) {
      try {
        return await next()
      } catch (error) {
        if (state.attempt >= limit) throw error
        state.attempt++
      }
    }
  }

/** Runs `promise` to the end while advancing the fake clock. */
async function run<T>(promise: Promise<T>): Promise<T | unknown> {
  const settled = promise.catch((error: unknown) => error)
  await vi.runAllTimersAsync()
  return settled
}

/** A cache layer in the cache stage that answers `/cached` itself and marks it a hit, as plugin-cache does. */
function answerCachedFromCache(client: ReturnType<typeof createClient>): void {
  client.use(
    async function cache(ctx, next) {
      if (ctx.request.url !== '/cached') return next()
      ctx.state.cacheHit = true
      ctx.response = { status: 200, headers: {}, data: 'x', cookies: [], profile: undefined }
    },
    { stage: 'cache' },
  )
}

describe('one record per request', () => {
  it('should record a request replayed three times once, with its attempts and retries', async () => {
    let calls = 0
    const wx = slowWx(() => (++calls < 3 ? { ms: 10, statusCode: 503 } : ok(10)))
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    client.use(replay(2), { stage: 'retry' })
    await run(client.get('/flaky'))
    const { history } = stats.getReport()
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({
      ok: true,
      status: 200,
      attempts: 3,
      retries: 2,
      duration: 30,
    })
    expect(stats.getStats()).toMatchObject({ requests: 1, succeeded: 1, failed: 0 })
  })

  it('should record method, URL without query, status, duration, bytes and error code', async () => {
    const wx = slowWx((url) =>
      url.includes('missing') ? { ms: 7, statusCode: 404, data: 'nope' } : ok(25, 'hello'),
    )
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    await run(client.get('/users?page=2#top'))
    await run(client.post('/missing?x=1', {}))
    const [first, second] = stats.getReport().history
    expect(first).toMatchObject({
      method: 'GET',
      url: '/users',
      status: 200,
      duration: 25,
      bytes: 5,
      ok: true,
      code: undefined,
      cacheHit: false,
    })
    expect(second).toMatchObject({
      method: 'POST',
      url: '/missing',
      status: 404,
      duration: 7,
      bytes: 4,
      ok: false,
      code: 'ERR_HTTP',
    })
  })

  it('should count the bytes of a binary body by its byteLength and of a JSON body as 0 without content-length', async () => {
    const wx = slowWx((url) => ok(5, url === '/bin' ? new ArrayBuffer(12) : { ok: true }))
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    await run(client.get('/bin', { responseType: 'arraybuffer' }))
    await run(client.get('/json'))
    expect(stats.getReport().history.map((r) => [r.url, r.bytes])).toEqual([
      ['/bin', 12],
      ['/json', 0],
    ])
  })

  it('should record the path template given instead of the URL, as one endpoint', async () => {
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: slowWx(() => ok(5)) as never, plugins: [stats] })
    await run(client.get('/users/1', { monitor: '/users/:id' }))
    await run(client.get('/users/2', { monitor: { path: '/users/:id' } }))
    await run(client.get('/users/3?token=abc'))
    const endpoints = stats.getStats().endpoints.map((e) => [e.endpoint, e.requests])
    expect(endpoints).toEqual([
      ['GET /users/:id', 2],
      ['GET /users/3', 1],
    ])
  })

  it('should leave a request with monitor: false out of every figure', async () => {
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: slowWx(() => ok(5)) as never, plugins: [stats] })
    await run(client.get('/health', { monitor: false }))
    expect(stats.getStats().requests).toBe(0)
    expect(stats.getReport().history).toEqual([])
  })

  it('should record a cache hit that a cache layer marked in ctx.state.cacheHit', async () => {
    const wx = slowWx(() => ok(5))
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    answerCachedFromCache(client)
    await run(client.get('/cached'))
    await run(client.get('/fresh'))
    const [hit, miss] = stats.getReport().history
    expect(hit).toMatchObject({ cacheHit: true, attempts: 0, duration: 0 })
    expect(miss).toMatchObject({ cacheHit: false, attempts: 1 })
    expect(stats.getStats().cacheHits).toBe(1)
    expect(wx.calls).toHaveLength(1)
  })
})

describe('latency figures (seed defect 10)', () => {
  it('should leave failed requests out of the mean and the percentiles (seed defect 10)', async () => {
    let n = 0
    const wx = slowWx(() => (n++ % 2 ? { ms: 5000, statusCode: 500 } : ok(100)))
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    for (let i = 0; i < 20; i++) await run(client.get('/mixed'))
    const figures = stats.getStats()
    expect(figures).toMatchObject({ requests: 20, succeeded: 10, failed: 10, successRate: 0.5 })
    expect(figures.latency).toMatchObject({ mean: 100, max: 100 })
    expect(figures.latency.p99).toBeLessThanOrEqual(100)
    expect(figures.latency.p50).toBeGreaterThanOrEqual(94)
    expect(stats.getReport().latency.reduce((sum, range) => sum + range.count, 0)).toBe(10)
  })

  it('should keep recent errors as plain records, never error objects (seed defect 10)', async () => {
    const wx = slowWx(() => ({ ms: 3, statusCode: 503, data: { code: 50300 } }))
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    const error = await run(client.get('/down'))
    expect(isMiniwireError(error)).toBe(true)
    const [record] = stats.getReport().recentErrors
    expect(record).not.toBeInstanceOf(Error)
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
    expect(record).toMatchObject({ code: 'ERR_HTTP', status: 503, url: '/down' })
    expect(record!.message).toBe((error as Error).message)
    expect(JSON.parse(JSON.stringify(record))).toEqual(
      Object.fromEntries(Object.entries(record!).filter(([, v]) => v !== undefined)),
    )
  })

  it('should count aborts apart from failures and leave them out of the success rate', async () => {
    const wx = slowWx(() => ok(1000))
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    const pending = client.get('/slow', { group: 'page' })
    await vi.advanceTimersByTimeAsync(10)
    client.abortGroup('page')
    await run(pending)
    await run(client.get('/slow'))
    expect(stats.getStats()).toMatchObject({ requests: 2, succeeded: 1, failed: 0, aborted: 1 })
    expect(stats.getStats().successRate).toBe(1)
    expect(stats.getReport().recentErrors).toEqual([])
  })

  it('should count requests over slowThreshold as slow and list them', async () => {
    let n = 0
    const wx = slowWx(() => ok(n++ === 1 ? 4000 : 50))
    const stats = monitor({ storageKey: false, slowThreshold: 3000 })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    for (let i = 0; i < 3; i++) await run(client.get(`/page/${i}`))
    expect(stats.getStats().slow).toBe(1)
    expect(stats.getReport().slowRequests.map((r) => [r.url, r.duration])).toEqual([
      ['/page/1', 4000],
    ])
  })
})

describe('per-endpoint figures', () => {
  it('should count slow requests and cache hits per endpoint as well as in all', async () => {
    let n = 0
    const wx = slowWx(() => ok(n++ === 0 ? 4000 : 20))
    const stats = monitor({ storageKey: false, slowThreshold: 3000 })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    answerCachedFromCache(client)
    await run(client.get('/slow'))
    await run(client.get('/cached'))
    await run(client.get('/cached'))
    const figures = stats.getStats()
    expect(figures).toMatchObject({ requests: 3, slow: 1, cacheHits: 2 })
    expect(figures.endpoints.map((e) => [e.endpoint, e.slow, e.cacheHits])).toEqual([
      ['GET /cached', 0, 2],
      ['GET /slow', 1, 0],
    ])
  })
})

describe('bounded memory', () => {
  it('should keep only the last historySize records and errorLimit errors', async () => {
    let n = 0
    const wx = slowWx(() => (n++ % 2 ? { ms: 1, statusCode: 500 } : ok(1)))
    const stats = monitor({ storageKey: false, historySize: 5, errorLimit: 2 })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    for (let i = 0; i < 12; i++) await run(client.get(`/r${i}`, { monitor: '/r' }))
    const report = stats.getReport()
    expect(report.history.map((r) => r.time)).toEqual(
      [...report.history.map((r) => r.time)].sort((a, b) => a - b),
    )
    expect(report.history).toHaveLength(5)
    expect(report.recentErrors).toHaveLength(2)
    expect(stats.getStats().requests).toBe(12)
  })

  it('should count endpoints beyond maxEndpoints together as (other)', async () => {
    const stats = monitor({ storageKey: false, maxEndpoints: 3 })
    const client = createClient({ wx: slowWx(() => ok(1)) as never, plugins: [stats] })
    for (let i = 0; i < 6; i++) await run(client.get(`/e${i}`))
    const endpoints = stats.getStats().endpoints
    expect(endpoints.map((e) => [e.endpoint, e.requests])).toEqual([
      ['(other)', 3],
      ['GET /e0', 1],
      ['GET /e1', 1],
      ['GET /e2', 1],
    ])
  })

  it('should start the endpoint table empty again after reset(), with room for maxEndpoints', async () => {
    const stats = monitor({ storageKey: false, maxEndpoints: 2 })
    const client = createClient({ wx: slowWx(() => ok(1)) as never, plugins: [stats] })
    for (let i = 0; i < 4; i++) await run(client.get(`/a${i}`))
    stats.reset()
    for (let i = 0; i < 3; i++) await run(client.get(`/b${i}`))
    expect(stats.getStats().endpoints.map((e) => [e.endpoint, e.requests])).toEqual([
      ['GET /b0', 1],
      ['GET /b1', 1],
      ['(other)', 1],
    ])
  })
})

describe('endpoints of repeated URLs', () => {
  it('should count one URL under each method apart, in turn and after reset()', async () => {
    const stats = monitor({ storageKey: false })
    const client = createClient({ wx: slowWx(() => ok(1)) as never, plugins: [stats] })
    await run(client.get('/items?page=1'))
    await run(client.get('/items?page=1'))
    await run(client.post('/items?page=1', {}))
    await run(client.get('/other'))
    await run(client.get('/items?page=2'))
    expect(stats.getStats().endpoints.map((e) => [e.endpoint, e.requests])).toEqual([
      ['GET /items', 3],
      ['POST /items', 1],
      ['GET /other', 1],
    ])
    stats.reset()
    await run(client.get('/items?page=1'))
    expect(stats.getStats().endpoints.map((e) => [e.endpoint, e.requests])).toEqual([
      ['GET /items', 1],
    ])
    expect(stats.getReport().history.map((r) => r.url)).toEqual(['/items'])
  })
})

describe('correlation id', () => {
  it('should send a fresh id in the named header and record it', async () => {
    const wx = slowWx(() => ok(1))
    const ids = ['a-1', 'a-2']
    const stats = monitor({
      storageKey: false,
      correlationHeader: 'X-Request-Id',
      correlationId: () => ids.shift()!,
    })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    await run(client.get('/one'))
    await run(client.get('/two'))
    expect(wx.calls.map((call) => call.options.header?.['x-request-id'])).toEqual(['a-1', 'a-2'])
    expect(stats.getReport().history.map((r) => r.id)).toEqual(['a-1', 'a-2'])
  })

  it("should keep and record a caller's own id in that header", async () => {
    const wx = slowWx(() => ok(1))
    const stats = monitor({ storageKey: false, correlationHeader: 'x-request-id' })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    await run(client.get('/one', { headers: { 'X-Request-Id': 'mine' } }))
    expect(wx.calls[0]!.options.header?.['x-request-id']).toBe('mine')
    expect(stats.getReport().history[0]!.id).toBe('mine')
  })

  it('should make unique ids by default and send none unless asked', async () => {
    const wx = slowWx(() => ok(1))
    const client = createClient({
      wx: wx as never,
      plugins: [monitor({ storageKey: false, correlationHeader: 'x-request-id' })],
    })
    await run(client.get('/one'))
    await run(client.get('/two'))
    const sent = wx.calls.map((call) => call.options.header?.['x-request-id'])
    expect(new Set(sent).size).toBe(2)
    const plain = slowWx(() => ok(1))
    await run(
      createClient({ wx: plain as never, plugins: [monitor({ storageKey: false })] }).get('/x'),
    )
    expect(Object.keys(plain.calls[0]!.options.header ?? {})).not.toContain('x-request-id')
  })
})

describe('redaction', () => {
  it('should mask Authorization, cookies and token-like query parameters in error messages', async () => {
    const wx = createFakeWx(() => ({ fail: { errMsg: 'request:fail ssl', errno: 600001 } }))
    const stats = monitor({ storageKey: false, redact: ['authorization', 'cookie', 'sid'] })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    client.use(async function leaky(ctx) {
      throw new Error(
        `${ctx.request.url} failed; Authorization: Bearer abc.def cookie=s3cr3t; sid=42 x-access-token: t0k`,
      )
    })
    await run(client.get('/me?access_token=AT123&page=2'))
    const { message, url } = stats.getReport().recentErrors[0]!
    expect(url).toBe('/me')
    expect(message).not.toMatch(/AT123|abc\.def|s3cr3t|=42|t0k/)
    expect(message).toContain('access_token=[redacted]&page=2')
    expect(message).toContain('Authorization: [redacted]')
  })
})

describe('options', () => {
  it('should refuse bad options with ERR_INVALID_OPTION naming the option and value', () => {
    expect(() => monitor({ historySize: -1 })).toThrow(
      /monitor\(\): monitor\.historySize must be an integer ≥ 0, got -1/,
    )
    expect(() => monitor({ report: { url: '' } })).toThrow(/report\.url/)
    expect(() => monitor({ report: { url: '/c', sampleRate: '1' as never } })).toThrow(
      /report\.sampleRate must be a number from 0 to 1, got "1"/,
    )
    // A percentage where a share is meant would report every record: refused.
    expect(() => monitor({ report: { url: '/c', sampleRate: 20 } })).toThrow(
      /report\.sampleRate must be a number from 0 to 1, got 20/,
    )
    expect(() => monitor({ colour: true } as never)).toThrow(/unknown option monitor\.colour/)
    try {
      monitor({ persistInterval: 0 })
    } catch (error) {
      expect(isMiniwireError(error) && error.code).toBe('ERR_INVALID_OPTION')
    }
    expect.assertions(6)
  })

  it('should refuse a bad per-request option when the request is made', async () => {
    const client = createClient({
      wx: slowWx(() => ok(1)) as never,
      plugins: [monitor({ storageKey: false })],
    })
    const error = await run(client.get('/x', { monitor: { path: 42 as never } }))
    expect((error as Error).message).toMatch(/monitor\.path must be a non-empty string, got 42/)
  })
})
