/**
 * The figures, all in bounded memory: one group of counters for all requests and one for each
 * of `maxEndpoints` endpoints (the rest are counted together as `(other)`), each with a latency
 * histogram of its successful requests only (failures never skew the latency figures, seed
 * defect 10), and rings of recent history and errors. A request only bumps counters;
 * percentiles are read from the histograms when asked. The stored form is plain JSON.
 */
import type { MonitorReport } from './format'
import { Histogram, type LatencySummary } from './histogram'
import type { MonitorRecord } from './record'
import { type Ring, ring } from './ring'

export type { LatencySummary } from './histogram'

/** Counts of one group of requests. */
export interface Counts {
  /** Requests settled (succeeded + failed + aborted). */
  requests: number
  succeeded: number
  /** Failed, aborts excluded. */
  failed: number
  /** Cancelled by the caller: counted apart, in neither the success rate nor the latency. */
  aborted: number
  /** Requests slower than `slowThreshold`. */
  slow: number
  /** Served by a cache. */
  cacheHits: number
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
  /** By request count, most used first. */
  endpoints: EndpointStats[]
}

/** The key under which endpoints beyond `maxEndpoints` are counted. */
export const OTHER = '(other)'

/** The counters of one group of requests (all of them, or one endpoint's), as stored. */
type Group = Omit<Counts, 'successRate' | 'latency'> & { latency: Histogram }

/** A group from its stored fields, or a new one. */
const group = (stored?: Group): Group =>
  Object.assign(
    { requests: 0, succeeded: 0, failed: 0, aborted: 0, slow: 0, cacheHits: 0 },
    stored,
    {
      latency: Histogram.from(stored && stored.latency),
    },
  )

/** The counts of a group, with its success rate and latency read now. */
function counts(figures: Group): Counts {
  const settled = figures.succeeded + figures.failed
  return Object.assign({}, figures, {
    successRate: settled ? figures.succeeded / settled : 0,
    latency: figures.latency.summary(),
  })
}

/** The stored form (`version` guards against reading another layout). */
export interface StatsJSON {
  version: 2
  since: number
  total: Group
  /** Groups by endpoint key. */
  endpoints: Record<string, Group>
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
  let total: Group
  let endpoints: Record<string, Group>
  // How many keys `endpoints` holds, kept beside it: counting them per request was a copy of
  // every key each time a new URL came in after the table was full.
  let endpointCount: number
  let history: Ring<MonitorRecord>
  let errors: Ring<MonitorRecord>
  // The last endpoint counted: a client calling one endpoint again skips building its key.
  let lastMethod: string | undefined
  let lastUrl: string | undefined
  let last: Group | undefined

  /**
   * The group of an endpoint, made on its first request while the table has room. Keys hold a
   * space, so no key is ever an `Object.prototype` name.
   */
  function endpoint(method: string, url: string): Group {
    if (method === lastMethod && url === lastUrl) return last!
    let key = `${method} ${url}`
    if (!endpoints[key] && endpointCount >= maxEndpoints) key = OTHER
    lastMethod = method
    lastUrl = url
    let found = endpoints[key]
    if (!found) {
      found = endpoints[key] = group()
      endpointCount++
    }
    return (last = found)
  }

  function count(into: Group, record: MonitorRecord, aborted: boolean): void {
    into.requests++
    if (record.ok) {
      into.succeeded++
      into.latency.add(record.duration)
    } else if (aborted) into.aborted++
    else into.failed++
    if (record.cacheHit) into.cacheHits++
    if (record.duration > slowThreshold) into.slow++
  }

  const stats: Stats = {
    add(record) {
      const aborted = record.code === 'ERR_ABORTED'
      count(total, record, aborted)
      count(endpoint(record.method, record.url), record, aborted)
      history.push(record)
      if (!record.ok && !aborted) errors.push(record)
    },
    summary() {
      const rows = Object.keys(endpoints).map((endpoint) =>
        Object.assign({ endpoint }, counts(endpoints[endpoint]!)),
      )
      rows.sort((a, b) => b.requests - a.requests)
      return Object.assign({ since, endpoints: rows }, counts(total))
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
      version: 2,
      since,
      total,
      endpoints,
      history: history.toArray(),
      errors: errors.toArray(),
    }),
    load(json) {
      const stored: Partial<StatsJSON> = json && json.version === 2 ? json : {}
      since = stored.since || Date.now()
      total = group(stored.total)
      endpoints = {}
      last = lastMethod = lastUrl = undefined
      const keys = Object.keys(stored.endpoints || {}).slice(0, maxEndpoints + 1)
      for (const key of keys) endpoints[key] = group(stored.endpoints![key])
      endpointCount = keys.length
      history = ring(limits.historySize, stored.history)
      errors = ring(limits.errorLimit, stored.errors)
    },
  }
  stats.load()
  return stats
}
