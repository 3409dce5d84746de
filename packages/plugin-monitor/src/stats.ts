/**
 * The figures, all in bounded memory: totals, a latency histogram of successful requests only
 * (failures never skew the latency figures, seed defect 10), a table of `maxEndpoints`
 * endpoints (the rest are counted together as `(other)`), and rings of recent history and
 * errors. A request only bumps counters; percentiles are read from the histograms when asked.
 * The stored form is plain JSON.
 */
import type { MonitorReport } from './format'
import { Histogram } from './histogram'
import type { MonitorRecord } from './record'
import { type Ring, ring } from './ring'

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

/** The counters of one group of requests (all of them, or one endpoint's), as stored. */
interface Group {
  requests: number
  succeeded: number
  failed: number
  aborted: number
  latency: Histogram
}

/** A group from its stored fields, or a new one. */
const group = (stored?: Group): Group =>
  Object.assign({ requests: 0, succeeded: 0, failed: 0, aborted: 0 }, stored, {
    latency: Histogram.from(stored && stored.latency),
  })

const aborted = (record: MonitorRecord): boolean => record.code === 'ERR_ABORTED'

function count(into: Group, record: MonitorRecord): void {
  into.requests++
  if (record.ok) {
    into.succeeded++
    into.latency.add(record.duration)
  } else if (aborted(record)) into.aborted++
  else into.failed++
}

function counts({ requests, succeeded, failed, aborted, latency }: Group): Counts {
  const settled = succeeded + failed
  return {
    requests,
    succeeded,
    failed,
    aborted,
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
export interface Stats {
  /** Counts one settled request. */
  add(record: MonitorRecord): void
  summary(): MonitorStats
  report(): MonitorReport
  toJSON(): StatsJSON
  /** Takes over stored figures, or starts from zero without them. */
  load(json?: StatsJSON): void
}

export function createStats(limits: StatsLimits): Stats {
  const { maxEndpoints, slowThreshold } = limits
  let since: number
  let slow: number
  let cacheHits: number
  let total: Group
  const endpoints = new Map<string, Group>()
  let history: Ring<MonitorRecord>
  let errors: Ring<MonitorRecord>
  // The last endpoint counted: a client calling one endpoint again skips building its key.
  let lastMethod: string | undefined
  let lastUrl: string | undefined
  let last: Group | undefined

  /** The group of an endpoint, made on its first request while the table has room. */
  function endpoint(method: string, url: string): Group {
    if (method === lastMethod && url === lastUrl) return last!
    const key = `${method} ${url}`
    let found = endpoints.get(key)
    if (!found) {
      const full = endpoints.size >= maxEndpoints
      found = full ? endpoints.get(OTHER) : undefined
      if (!found) endpoints.set(full ? OTHER : key, (found = group()))
    }
    lastMethod = method
    lastUrl = url
    return (last = found)
  }

  const stats: Stats = {
    add(record) {
      count(total, record)
      count(endpoint(record.method, record.url), record)
      history.push(record)
      if (record.cacheHit) cacheHits++
      if (!record.ok && !aborted(record)) errors.push(record)
      if (record.duration > slowThreshold) slow++
    },
    summary() {
      const rows: EndpointStats[] = []
      endpoints.forEach((figures, endpoint) => {
        rows.push(Object.assign({ endpoint }, counts(figures)))
      })
      rows.sort((a, b) => b.requests - a.requests)
      return Object.assign({ since, slow, cacheHits, endpoints: rows }, counts(total))
    },
    report() {
      const recent = history.toArray()
      return {
        generatedAt: new Date().toISOString(),
        stats: stats.summary(),
        latency: total.latency.ranges(),
        slowRequests: recent.filter((record) => record.duration > slowThreshold),
        recentErrors: errors.toArray(),
        history: recent,
      }
    },
    toJSON: () => ({
      version: 1,
      since,
      slow,
      cacheHits,
      total,
      endpoints: Array.from(endpoints),
      history: history.toArray(),
      errors: errors.toArray(),
    }),
    load(json) {
      const stored: Partial<StatsJSON> = json && json.version === 1 ? json : {}
      since = stored.since || Date.now()
      slow = stored.slow || 0
      cacheHits = stored.cacheHits || 0
      total = group(stored.total)
      endpoints.clear()
      last = lastMethod = lastUrl = undefined
      for (const [key, figures] of (stored.endpoints || []).slice(0, maxEndpoints + 1)) {
        endpoints.set(key, group(figures))
      }
      history = ring(limits.historySize, stored.history)
      errors = ring(limits.errorLimit, stored.errors)
    },
  }
  stats.load()
  return stats
}
