/**
 * The plugin against the demo server's fault routes, through @miniwire/wx-node: real sockets,
 * real timeouts, real Retry-After headers. Delays are kept small (`delay: () => 10`).
 */
import {
  createAbortController,
  type HttpError,
  isAbortError,
  isNetworkError,
  isTimeoutError,
  type Plugin,
} from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { retry } from '../src'

interface Envelope<T = any> {
  code: number
  message: string
  data: T
}

let seq = 0
const fresh = (): string => `retry-${Date.now()}-${seq++}`

const env = useIntegration({ resetCounters: false })

const makeClient = (...plugins: Plugin[]) => env.client({ plugins })

async function hits(key: string): Promise<number> {
  const probe = env.client()
  const body = await probe.get<Envelope<{ hits: number }>>('/fault/hits', { params: { key } })
  return body.data.hits
}

const logOf = (key: string) =>
  env.server.requestLog.filter((entry) => entry.query.includes(`key=${key}`))

describe('retry against the demo server', () => {
  it('should get through a flaky 503 on the third attempt, the monitor layer running once', async () => {
    const key = fresh()
    const client = makeClient(retry({ delay: () => 10 }))
    const seen = { monitor: 0, attempts: 0, retries: -1 }
    client.use(
      async function monitor(ctx, next) {
        seen.monitor++
        await next()
        seen.attempts = ctx.attempts
        seen.retries = ctx.state.retry?.attempt ?? -1
      },
      { stage: 'monitor' },
    )
    const body = await client.get<Envelope<{ attempts: number }>>('/fault/flaky', {
      params: { key, fail: 2, status: 503 },
    })
    expect(body.data.attempts).toBe(3)
    expect(await hits(key)).toBe(3)
    expect(seen).toEqual({ monitor: 1, attempts: 3, retries: 2 })
  })

  it('should wait the seconds a 429 Retry-After names', async () => {
    const key = fresh()
    const client = makeClient(retry({ delay: () => 10 }))
    const delays: number[] = []
    client.on('retry', (event) => delays.push(event.delay))
    await client.get('/fault/rate-limit', { params: { key, fail: 1, retryAfter: 1 } })
    expect(delays).toEqual([1000])
    const [first, second] = logOf(key)
    expect(second!.time - first!.time).toBeGreaterThanOrEqual(950)
  })

  it('should honour a Retry-After HTTP-date', async () => {
    const key = fresh()
    const client = makeClient(retry({ delay: () => 10 }))
    const delays: number[] = []
    client.on('retry', (event) => delays.push(event.delay))
    await client.get('/fault/rate-limit', { params: { key, fail: 1, retryAfter: 1, form: 'date' } })
    expect(await hits(key)).toBe(2)
    expect(delays[0]).toBeGreaterThan(0)
    expect(delays[0]).toBeLessThanOrEqual(2000)
  })

  it('should not retry a POST on 503 without an idempotency key (seed-guide defect 5)', async () => {
    const key = fresh()
    const client = makeClient(retry({ delay: () => 10 }))
    const error = await client
      .post(`/fault/flaky?key=${key}&fail=2&status=503`, { amount: 1 })
      .catch((e: unknown) => e)
    expect((error as HttpError).status).toBe(503)
    expect(await hits(key)).toBe(1)
  })

  it('should retry a POST with an idempotency key, the server seeing the same key each time', async () => {
    const key = fresh()
    const client = makeClient(retry({ delay: () => 10, idempotencyKey: true }))
    await client.post(`/fault/flaky?key=${key}&fail=2&status=503`, { amount: 1 })
    const keys = logOf(key).map((entry) => entry.headers['idempotency-key'])
    expect(keys).toHaveLength(3)
    expect(typeof keys[0]).toBe('string')
    expect(new Set(keys).size).toBe(1)
  })

  it('should not retry a POST that timed out on the client (got#786, got#751)', async () => {
    const key = fresh()
    const client = makeClient(retry({ delay: () => 10, methods: ['GET', 'POST'] }))
    const error = await client
      .post(`/fault/slow?key=${key}&ms=400`, {}, { timeout: 100 })
      .catch((e: unknown) => e)
    expect(isTimeoutError(error)).toBe(true)
    expect(await hits(key)).toBe(1)
  })

  it('should retry a GET that timed out on the client', async () => {
    const key = fresh()
    const client = makeClient(retry({ delay: () => 10, limit: 1 }))
    const error = await client
      .get('/fault/slow', { params: { key, ms: 400 }, timeout: 80 })
      .catch((e: unknown) => e)
    expect(isTimeoutError(error)).toBe(true)
    expect(await hits(key)).toBe(2)
  })

  it('should reject with AbortError when aborted during the backoff, sending nothing more', async () => {
    const key = fresh()
    const controller = createAbortController()
    const client = makeClient(retry({ delay: () => 5000, jitter: false }))
    client.on('retry', () => setTimeout(() => controller.abort(), 30))
    const started = Date.now()
    const error = await client
      .get('/fault/flaky', { params: { key, fail: 3 }, signal: controller.signal })
      .catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    expect(Date.now() - started).toBeLessThan(4000)
    expect(await hits(key)).toBe(1)
  })

  it('should wait while offline and retry once the network returns', async () => {
    const key = fresh()
    const client = makeClient(retry({ delay: () => 10, limit: 1 }))
    const events: boolean[] = []
    client.on('retry', (event) => events.push(event.offline))
    env.wx.$control.setOnline(false)
    const pending = client.get<Envelope<{ attempts: number }>>('/fault/flaky', {
      params: { key, fail: 0 },
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await hits(key).catch(() => 'offline')).toBe('offline')
    env.wx.$control.setOnline(true)
    const body = await pending
    expect(body.data.attempts).toBe(1)
    expect(events).toEqual([true])
    expect(await hits(key)).toBe(1)
  })
})

describe('retry and a request that says whether it may be replayed', () => {
  const started = async (key: string) =>
    (await env.client().get<{ data: { started: number } }>(`/stream/stats?key=${key}`)).data.started

  /** A streamed GET of `url` that says it may not be replayed once a chunk has arrived. */
  async function streamed(url: string) {
    const client = makeClient(retry({ delay: () => 10 }))
    let stop: string | undefined
    client.use(
      async function monitor(ctx, next) {
        try {
          await next()
        } finally {
          stop = ctx.state.retry?.stop
        }
      },
      { stage: 'monitor' },
    )
    let chunks = 0
    const error = await client
      .send({ url, onChunk: () => chunks++, replayable: () => chunks === 0 })
      .catch((e: unknown) => e)
    return { error, stop, chunks }
  }

  it('should not replay a stream whose body has started arriving when it drops, stopping with not-replayable', async () => {
    const key = fresh()
    const { error, stop, chunks } = await streamed(`/stream/drop?after=2&type=ndjson&key=${key}`)
    expect(isNetworkError(error)).toBe(true)
    expect(chunks).toBeGreaterThan(0)
    expect(stop).toBe('not-replayable')
    expect(await started(key)).toBe(1)
  })

  it('should still replay a stream that dropped before any of its body arrived', async () => {
    const key = fresh()
    const { error, stop, chunks } = await streamed(`/stream/drop?after=0&type=ndjson&key=${key}`)
    expect(isNetworkError(error)).toBe(true)
    expect(chunks).toBe(0)
    expect(stop).toBe('limit')
    expect(await started(key)).toBe(3)
  })
})
