/**
 * The figures, all in bounded memory: totals, a latency histogram of successful requests only
 * (failures never skew the latency figures, seed defect 10), a table of `maxEndpoints`
 * endpoints (the rest are counted together as `(other)`), and rings of recent history and
 * errors. Its fields are plain JSON for storage.
 */
import { Histogram } from './histogram'
import type { MonitorRecord } from './record'
import { Ring } from './ring'

/** Latency of successful requests (ms). */
export interface LatencySummary {
  mean: number
  p50: number
  p90: number
  p95: number
  p99: number
  max: number
}

/** Counts of one group of requests. */
export interface Counts {
  /** Requests settled (succeeded + failed + aborted). */
  requests: number
  succeeded: number
  /** Failed, aborts excluded. */
  failed: number
  /** Cancelled by the caller: counted apart, in neither the success rate nor the latency. */
  aborted: number
  /** succeeded / (succeeded + failed), from 0 to 1; 0 when none settled. */
  successRate: number
  latency: LatencySummary
}

/** The figures of one endpoint (`METHOD url`). */
export interface EndpointStats extends Counts {
  endpoint: string
}

/** What `getStats()` returns. */
export interface MonitorStats extends Counts {
  /** When counting started: the first start, or the last `reset()` (ms since the epoch). */
  since: number
  /** Requests slower than `slowThreshold`. */
  slow: number
  /** Served by a cache. */
  cacheHits: number
  /** By request count, most used first. */
  endpoints: EndpointStats[]
}

/** The key under which endpoints beyond `maxEndpoints` are counted. */
export const OTHER = '(other)'

class Group {
  requests = 0
  succeeded = 0
  failed = 0
  aborted = 0
  latency = new Histogram()

  add(record: MonitorRecord): void {
    this.requests++
    if (record.ok) {
      this.succeeded++
      this.latency.add(record.duration)
    } else if (record.code === 'ERR_ABORTED') this.aborted++
    else this.failed++
  }

  counts(): Counts {
    const { succeeded, failed, latency } = this
    const settled = succeeded + failed
    return {
      requests: this.requests,
      succeeded,
      failed,
      aborted: this.aborted,
      successRate: settled ? succeeded / settled : 0,
      latency: {
        mean: Math.round(latency.mean()),
        p50: latency.percentile(50),
        p90: latency.percentile(90),
        p95: latency.percentile(95),
        p99: latency.percentile(99),
        max: latency.max,
      },
    }
  }

  /** A group from its stored fields. */
  static from(json: Group): Group {
    return Object.assign(new Group(), json, { latency: Histogram.from(json.latency) })
  }
}

/** The stored form (`version` guards against reading another layout). */
export interface StatsJSON {
  version: 1
  since: number
  slow: number
  cacheHits: number
  total: Group
  endpoints: Array<[string, Group]>
  history: MonitorRecord[]
  errors: MonitorRecord[]
}

/** Limits of the figures kept. */
export interface StatsLimits {
  maxEndpoints: number
  historySize: number
  errorLimit: number
  slowThreshold: number
}

/** Every figure the monitor keeps. */
export class Stats {
  since = Date.now()
  slow = 0
  cacheHits = 0
  total = new Group()
  endpoints = new Map<string, Group>()
  history: Ring<MonitorRecord>
  errors: Ring<MonitorRecord>

  constructor(private readonly limits: StatsLimits) {
    this.history = new Ring(limits.historySize)
    this.errors = new Ring(limits.errorLimit)
  }

  add(record: MonitorRecord, endpoint: string): void {
    this.total.add(record)
    let group = this.endpoints.get(endpoint)
    if (!group) {
      const full = this.endpoints.size >= this.limits.maxEndpoints
      group = full ? this.endpoints.get(OTHER) : undefined
      if (!group) this.endpoints.set(full ? OTHER : endpoint, (group = new Group()))
    }
    group.add(record)
    this.history.push(record)
    if (record.cacheHit) this.cacheHits++
    if (!record.ok && record.code !== 'ERR_ABORTED') this.errors.push(record)
    if (record.duration > this.limits.slowThreshold) this.slow++
  }

  summary(): MonitorStats {
    const endpoints: EndpointStats[] = []
    this.endpoints.forEach((group, endpoint) => {
      endpoints.push(Object.assign({ endpoint }, group.counts()))
    })
    endpoints.sort((a, b) => b.requests - a.requests)
    const { since, slow, cacheHits } = this
    return Object.assign({ since, slow, cacheHits, endpoints }, this.total.counts())
  }

  clear(): void {
    this.since = Date.now()
    this.slow = this.cacheHits = 0
    this.total = new Group()
    this.endpoints.clear()
    this.history.clear()
    this.errors.clear()
  }

  /** The slow requests among the recent history. */
  slowRequests(): MonitorRecord[] {
    return this.history.toArray().filter((record) => record.duration > this.limits.slowThreshold)
  }

  toJSON(): StatsJSON {
    const { since, slow, cacheHits, total } = this
    return {
      version: 1,
      since,
      slow,
      cacheHits,
      total,
      endpoints: Array.from(this.endpoints),
      history: this.history.toArray(),
      errors: this.errors.toArray(),
    }
  }

  /** Takes over stored figures; returns false (keeping the current ones) for another layout. */
  load(json: StatsJSON): boolean {
    if (!json || json.version !== 1) return false
    this.clear()
    this.since = json.since
    this.slow = json.slow
    this.cacheHits = json.cacheHits
    this.total = Group.from(json.total)
    for (const [endpoint, group] of json.endpoints.slice(0, this.limits.maxEndpoints + 1)) {
      this.endpoints.set(endpoint, Group.from(group))
    }
    this.history.load(json.history)
    this.errors.load(json.errors)
    return true
  }
}
