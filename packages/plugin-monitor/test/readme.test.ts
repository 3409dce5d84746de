/** The README's Node example, as written there, against the demo server. */
import { createClient } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { monitor, type ReportBatch } from '../src'

const env = useIntegration()

describe('the README example', () => {
  it('should count six requests, one failed, and deliver them to the collector', async () => {
    const key = `readme-${Date.now()}`
    const stats = monitor({ report: { url: `/monitor/collect?key=${key}`, batchSize: 10 } })
    const client = createClient({ wx: env.wx, baseURL: env.server.url, plugins: [stats] })
    for (let page = 1; page <= 5; page++) await client.get('/echo', { params: { page } })
    await client.get('/fault/flaky', { params: { key, fail: 1 } }).catch(() => {})
    expect(stats.getStats().successRate).toBeCloseTo(5 / 6)
    const text = stats.format()
    expect(text).toMatch(/^6 requests, 83\.3% ok, 1 failed, 0 aborted/)
    expect(text).toMatch(/GET \/echo {2,}5 {3}100\.0%/)
    expect(text).toMatch(/GET \/fault\/flaky {2,}1 {5}0\.0% {7}- {7}- {7}-/)
    await stats.flush()
    stats.dispose()
    const got = await env
      .client()
      .get<{ data: { batches: Array<{ body: ReportBatch }> } }>('/monitor/collect', {
        params: { key },
      })
    expect(got.data.batches.flatMap((b) => b.body.records)).toHaveLength(6)
  })
})
