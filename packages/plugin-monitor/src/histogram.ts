/**
 * A latency histogram in bounded memory: log-linear buckets as in HdrHistogram, exact below
 * 16 ms, then 8 buckets for every power of two up to about 35 minutes (152 counters in all).
 * Any percentile is read back within 1/16 of its value, however many requests were recorded,
 * so the monitor never keeps a list of durations that grows with traffic.
 */

/** Exact buckets for 0…15 ms. */
const EXACT = 16
/** Longer durations are counted in the last bucket: 2^21 ms ≈ 35 minutes. */
const MAX_VALUE = 2 ** 21 - 1
/** Bucket count: 16 exact + 8 per power of two from 2^4 to 2^20. */
export const BUCKETS = EXACT + (21 - 4) * 8

/**
 * The bucket of a whole number of milliseconds. Above `EXACT`, a value with its top bit at
 * `power` falls in the 8 buckets from `8 * (power - 2)`, picked by the 3 bits below its top bit.
 */
export function bucketOf(ms: number): number {
  const value = ms < 0 ? 0 : ms > MAX_VALUE ? MAX_VALUE : Math.round(ms)
  if (value < EXACT) return value
  const power = 31 - Math.clz32(value)
  return 8 * (power - 2) + ((value >> (power - 3)) & 7)
}

/** The smallest value that falls in `bucket` (the inverse of `bucketOf`). */
export function bucketStart(bucket: number): number {
  return bucket < EXACT ? bucket : (8 + (bucket & 7)) << ((bucket >> 3) - 1)
}

/** Latency of successful requests (ms). */
export interface LatencySummary {
  mean: number
  p50: number
  p90: number
  p95: number
  p99: number
  max: number
}

/** One range of a latency histogram: `from` ≤ duration < `to` (ms). */
export interface LatencyRange {
  from: number
  to: number
  count: number
}

/**
 * Counts of durations by bucket, with their count, sum and maximum. Its fields are plain JSON:
 * stored with `JSON.stringify`, restored with `Histogram.from()`.
 */
export class Histogram {
  count = 0
  sum = 0
  max = 0
  /** Durations counted in each bucket. */
  counts: number[] = new Array(BUCKETS).fill(0)

  /** A histogram from its stored fields (an empty one without them). */
  static from(json?: Histogram): Histogram {
    return Object.assign(new Histogram(), json)
  }

  /** Counts one duration (ms). */
  add(ms: number): void {
    this.counts[bucketOf(ms)]!++
    this.count++
    this.sum += ms
    if (ms > this.max) this.max = ms
  }

  /** The mean duration, 0 when empty. */
  mean(): number {
    return this.count ? this.sum / this.count : 0
  }

  /**
   * The duration below which `p` percent of the counted ones fall: the middle of the bucket
   * that holds it (an exact bucket's own value, since its next starts 1 ms later), never above
   * the largest duration seen; 0 when empty.
   */
  percentile(p: number): number {
    let rank = Math.max(1, Math.ceil((p / 100) * this.count))
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      rank -= this.counts[bucket]!
      if (rank <= 0) return Math.min((bucketStart(bucket) + bucketStart(bucket + 1)) >> 1, this.max)
    }
    return 0
  }

  /** Mean, percentiles and maximum, read from the buckets now. */
  summary(): LatencySummary {
    return {
      mean: Math.round(this.mean()),
      p50: this.percentile(50),
      p90: this.percentile(90),
      p95: this.percentile(95),
      p99: this.percentile(99),
      max: this.max,
    }
  }

  /** The non-empty buckets. */
  ranges(): LatencyRange[] {
    return this.counts
      .map((count, bucket) => ({ from: bucketStart(bucket), to: bucketStart(bucket + 1), count }))
      .filter((range) => range.count)
  }
}
