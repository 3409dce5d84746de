/**
 * The log-linear histogram on its own: exact below 16 ms, within 1/16 above, and the same
 * memory however many durations it counts.
 */
import { describe, expect, it } from 'vitest'
import { BUCKETS, bucketOf, bucketStart, Histogram } from '../src/histogram'

describe('the latency histogram', () => {
  it('should give every duration a bucket whose range holds it', () => {
    for (const ms of [0, 1, 7, 15, 16, 17, 31, 32, 100, 999, 1024, 65_000, 2 ** 21 - 1]) {
      const bucket = bucketOf(ms)
      expect(bucketStart(bucket)).toBeLessThanOrEqual(ms)
      expect(bucketStart(bucket + 1)).toBeGreaterThan(ms)
    }
    expect(bucketOf(10 ** 9)).toBe(BUCKETS - 1)
    expect(bucketOf(-5)).toBe(0)
  })

  it('should read percentiles exactly below 16 ms and within 1/16 above', () => {
    const small = new Histogram()
    for (let ms = 1; ms <= 10; ms++) small.add(ms)
    expect([small.percentile(50), small.percentile(90), small.percentile(100)]).toEqual([5, 9, 10])
    const wide = new Histogram()
    const values: number[] = []
    for (let i = 1; i <= 1000; i++) {
      const ms = Math.round(20 + i * 7.3)
      values.push(ms)
      wide.add(ms)
    }
    for (const p of [50, 90, 95, 99]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1]!
      expect(Math.abs(wide.percentile(p) - exact) / exact).toBeLessThanOrEqual(1 / 16)
    }
    expect(wide.mean()).toBeCloseTo(values.reduce((a, b) => a + b) / values.length, 6)
  })

  it('should keep the same number of counters after a million durations', () => {
    const histogram = new Histogram()
    for (let i = 0; i < 1_000_000; i++) histogram.add(i % 40_000)
    expect(histogram.counts).toHaveLength(BUCKETS)
    expect(histogram.count).toBe(1_000_000)
    expect(histogram.ranges().reduce((sum, range) => sum + range.count, 0)).toBe(1_000_000)
  })

  it('should come back the same from its JSON', () => {
    const histogram = new Histogram()
    for (const ms of [3, 40, 41, 900]) histogram.add(ms)
    const copy = Histogram.from(JSON.parse(JSON.stringify(histogram)))
    expect(copy.percentile(75)).toBe(histogram.percentile(75))
    expect(copy.ranges()).toEqual(histogram.ranges())
  })
})
