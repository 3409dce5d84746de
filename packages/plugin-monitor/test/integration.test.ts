/**
 * The monitor on a real runtime (wx-node) against the demo server: byte counts and wx's
 * profile phases from real sockets, and the monitor counting one request however many
 * attempts a replaying layer makes inside it.
 */
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { monitor } from '../src'

const env = useIntegration()

describe('the monitor on wx-node', () => {
  it('should record real byte counts and the wx profile phases', async () => {
    const stats = monitor({ storageKey: false })
    const client = env.client({ plugins: [stats] })
    await client.get('/echo/bytes', { params: { n: 3000 } })
    const [record] = stats.getReport().history
    expect(record!.bytes).toBeGreaterThanOrEqual(3000)
    expect(record!.phases).toEqual({
      dns: expect.any(Number),
      connect: expect.any(Number),
      ssl: 0,
      ttfb: expect.any(Number),
    })
    expect(record!.duration).toBeGreaterThanOrEqual(record!.phases!.ttfb)
  })

  it('should give per-endpoint counts, success rate and percentiles of real requests', async () => {
    const stats = monitor({ storageKey: false })
    const client = env.client({ plugins: [stats] })
    for (let i = 0; i < 4; i++) await client.get('/echo', { params: { i } })
    await client.get('/fault/flaky', { params: { key: `i-${Date.now()}` } }).catch(() => {})
    const figures = stats.getStats()
    expect(figures).toMatchObject({ requests: 5, succeeded: 4, failed: 1, successRate: 0.8 })
    expect(figures.endpoints.map((e) => [e.endpoint, e.requests, e.successRate])).toEqual([
      ['GET /echo', 4, 1],
      ['GET /fault/flaky', 1, 0],
    ])
    expect(figures.latency.p99).toBeGreaterThanOrEqual(figures.latency.p50)
    expect(stats.getReport().recentErrors[0]).toMatchObject({ status: 503, code: 'ERR_HTTP' })
  })
})
