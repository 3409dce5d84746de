/**
 * The reporter against the demo server's collector (`/monitor/collect`), through wx-node: real
 * batches, real retries, the runtime going offline and the app being hidden.
 */
import type { Client } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Monitor, type MonitorRecord, monitor, type ReportBatch } from '../src'

const env = useIntegration()
let seq = 0
const fresh = (): string => `m-${Date.now()}-${seq++}`

interface Collected {
  posts: number
  batches: Array<{ body: ReportBatch }>
}

/** What the collector received for `key`, read without the monitor. */
async function collected(key: string): Promise<Collected> {
  const body = await env.client().get<{ data: Collected }>('/monitor/collect', { params: { key } })
  return body.data
}

const records = (c: Collected): MonitorRecord[] => c.batches.flatMap((b) => b.body.records)

const monitors: Monitor[] = []
afterEach(() => {
  for (const m of monitors.splice(0)) m.dispose()
  vi.restoreAllMocks()
})

function setup(
  report: Record<string, unknown>,
  key = fresh(),
): {
  key: string
  stats: Monitor
  client: Client
} {
  const stats = monitor({
    storageKey: false,
    report: { url: `/monitor/collect?key=${key}`, retryDelay: 10, ...report } as never,
  })
  monitors.push(stats)
  return { key, stats, client: env.client({ plugins: [stats] }) }
}

describe('the reporter', () => {
  it('should deliver records in batches to the collector and never report its own requests', async () => {
    const { key, stats, client } = setup({ batchSize: 5 })
    for (let i = 0; i < 12; i++) await client.get('/echo', { params: { i } })
    await stats.flush()
    const got = await collected(key)
    expect(got.batches.map((b) => b.body.records.length)).toEqual([5, 5, 2])
    expect(records(got).every((r) => r.url === '/echo' && r.ok)).toBe(true)
    expect(got.batches[0]!.body).toMatchObject({ dropped: 0, sentAt: expect.any(Number) })
    expect(stats.getStats().requests).toBe(12)
    expect(stats.getStats().endpoints.map((e) => e.endpoint)).toEqual(['GET /echo'])
  })

  it("should send batches at the scheduler's lowest priority", async () => {
    const { stats, client } = setup({ batchSize: 1 })
    const priorities: string[] = []
    client.use(async function spy(ctx, next) {
      if (ctx.request.url.startsWith('/monitor/collect')) priorities.push(ctx.request.priority)
      await next()
    })
    await client.get('/echo')
    await stats.flush()
    expect(priorities).toEqual(['low'])
  })

  it('should send a partial batch once the interval has passed', async () => {
    const { key, client } = setup({ batchSize: 100, interval: 50 })
    await client.get('/echo')
    expect((await collected(key)).posts).toBe(0)
    await vi.waitFor(async () => expect((await collected(key)).posts).toBe(1))
  })

  it('should retry a failed batch with backoff until the collector takes it', async () => {
    const key = fresh()
    const { stats, client } = setup({ url: `/monitor/collect?key=${key}&fail=2` }, key)
    await client.get('/echo')
    await stats.flush()
    const got = await collected(key)
    expect(got.posts).toBe(3)
    expect(records(got)).toHaveLength(1)
  })

  it('should keep a batch that failed past its retries and send it on the next flush', async () => {
    const key = fresh()
    const { stats, client } = setup(
      { url: `/monitor/collect?key=${key}&fail=2`, retryLimit: 1 },
      key,
    )
    await client.get('/echo', { params: { n: 1 } })
    await stats.flush()
    expect((await collected(key)).batches).toEqual([])
    await client.get('/echo', { params: { n: 2 } })
    await stats.flush()
    const got = await collected(key)
    expect(got.posts).toBe(3)
    expect(records(got)).toHaveLength(2)
  })

  it('should hold while offline and send when the network returns', async () => {
    const { key, stats, client } = setup({ batchSize: 100 })
    await client.get('/echo')
    env.wx.$control.setOnline(false)
    const flushed = stats.flush()
    // Give the reporter every chance to send: it must not while offline.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const posts = env.server.requestLog.filter((e) => e.path === '/monitor/collect')
    expect(posts).toEqual([])
    env.wx.$control.setOnline(true)
    await flushed
    expect(records(await collected(key))).toHaveLength(1)
  })

  it('should flush when the app is hidden', async () => {
    const { key, client } = setup({ batchSize: 100, interval: 600_000 })
    await client.get('/echo')
    await client.get('/echo')
    env.wx.$control.hideApp()
    await vi.waitFor(async () => expect(records(await collected(key))).toHaveLength(2))
  })

  it('should send nothing once disposed, not even a request that is aborted at once', async () => {
    const { stats, client } = setup({ batchSize: 1 })
    stats.dispose()
    const failures: unknown[] = []
    client.on('error', (event) => failures.push(event.error))
    await client.get('/echo')
    await stats.flush()
    const posts = env.server.requestLog.filter((e) => e.path === '/monitor/collect')
    expect(posts).toEqual([])
    expect(failures).toEqual([])
  })

  it('should report only the sampled share of requests', async () => {
    const draws = [0.05, 0.5, 0.09, 0.95]
    vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.99)
    const { key, stats, client } = setup({ sampleRate: 0.1 })
    for (let i = 0; i < 4; i++) await client.get('/echo', { params: { i } })
    await stats.flush()
    expect(records(await collected(key))).toHaveLength(2)
    expect(stats.getStats().requests).toBe(4)
  })

  it('should send no credential: query stripped, messages redacted', async () => {
    const { key, stats, client } = setup({})
    await client
      .get('/fault/flaky?token=SECRET1&fail=1&key=redact', {
        headers: { authorization: 'Bearer SECRET2' },
      })
      .catch(() => {})
    await stats.flush()
    const text = JSON.stringify(await collected(key))
    expect(text).toContain('/fault/flaky')
    expect(text).not.toMatch(/SECRET1|SECRET2/)
  })
})
