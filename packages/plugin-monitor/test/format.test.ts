/** The text formatter: summary, endpoint table and latency histogram. */
import { describe, expect, it } from 'vitest'
import { formatReport, type MonitorReport } from '../src'

const latency = { mean: 120, p50: 100, p90: 200, p95: 250, p99: 400, max: 420 }
const report: MonitorReport = {
  generatedAt: '2026-11-29T12:00:00.000Z',
  stats: {
    since: 0,
    requests: 12,
    succeeded: 9,
    failed: 2,
    aborted: 1,
    successRate: 9 / 11,
    slow: 1,
    cacheHits: 3,
    latency,
    endpoints: [
      {
        endpoint: 'GET /users/:id',
        requests: 10,
        succeeded: 9,
        failed: 1,
        aborted: 0,
        slow: 1,
        cacheHits: 3,
        successRate: 0.9,
        latency,
      },
      {
        endpoint: 'POST /orders',
        requests: 2,
        succeeded: 0,
        failed: 1,
        aborted: 1,
        slow: 0,
        cacheHits: 0,
        successRate: 0,
        latency: { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 },
      },
    ],
  },
  latency: [
    { from: 3, to: 4, count: 1 },
    { from: 64, to: 72, count: 2 },
    { from: 120, to: 128, count: 6 },
  ],
  slowRequests: [],
  recentErrors: [],
  history: [],
}

describe('formatReport()', () => {
  it('should print a summary, one table row per endpoint and a histogram in powers of two', () => {
    const lines = formatReport(report, 12).split('\n')
    expect(lines[0]).toBe('12 requests, 81.8% ok, 2 failed, 1 aborted, 1 slow, 3 from cache')
    expect(lines[1]).toContain('p50 100, p90 200, p95 250, p99 400, max 420 ms')
    expect(lines.slice(3, 6)).toEqual([
      'endpoint          count       ok     p50     p95     p99',
      'GET /users/:id       10    90.0%     100     250     400',
      'POST /orders          2     0.0%       -       -       -',
    ])
    expect(lines.slice(lines.indexOf('latency (ms)') + 1)).toEqual([
      '          2-4 | ██           1',
      '       64-128 | ████████████ 8',
    ])
  })
})
