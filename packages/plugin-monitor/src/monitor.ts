/**
 * The monitor plugin: the outermost layer of the onion, so it sees each request once, however
 * many attempts retry or a token refresh made inside it, and a cache hit as the app saw it.
 * The hot path does little: two clock reads, one plain record, a few counters; storage and
 * reporting happen later, in batches, off the request's path.
 */
import { type Client, getAppState, type Plugin } from '@miniwire/core'
import { formatReport, type MonitorReport } from './format'
import { type MonitorOptions, requestOptions, resolveOptions } from './options'
import { Persister } from './persist'
import { createRecord } from './record'
import { redactor, stripQuery } from './redact'
import { createReporter, type Reporter } from './reporter'
import { type MonitorStats, Stats } from './stats'

/** The plugin, with the figures it collects. */
export interface Monitor extends Plugin {
  /** Totals, success rate, latency percentiles and per-endpoint figures. */
  getStats(): MonitorStats
  /** Everything as plain JSON: stats, latency histogram, slow requests, errors, history. */
  getReport(): MonitorReport
  /** The report as text: an endpoint table and a latency histogram. */
  format(): string
  /** Zeroes every figure and removes the stored copy (records queued for the backend stay). */
  reset(): void
  /** Saves the figures and sends the queued records now. */
  flush(): Promise<void>
  /** Saves the figures, stops timers and listeners; queued records stay unsent. */
  dispose(): void
}

/** A correlation id: a random prefix for this monitor and a counter. */
function idMaker(): () => string {
  const prefix = Math.random().toString(36).slice(2, 10)
  let seq = 0
  return () => `${prefix}-${(++seq).toString(36)}`
}

/**
 * Collects request statistics: totals, success rate, latency percentiles of successful
 * requests, per-endpoint figures, slow requests, recent errors and history, saved to storage
 * (throttled) and optionally reported to a backend in batches.
 *
 * @param options limits, persistence, reporting, correlation header and redaction
 * @example
 * import { createClient } from '@miniwire/core'
 * import { monitor } from '@miniwire/plugin-monitor'
 *
 * const stats = monitor({ correlationHeader: 'x-request-id' })
 * const client = createClient({ baseURL: 'https://api.example.com', plugins: [stats] })
 * await client.get(`/users/${id}`, { monitor: '/users/:id' }) // one endpoint for every id
 * console.log(stats.format())
 */
export function monitor(options?: MonitorOptions): Monitor {
  const resolved = resolveOptions(options)
  const stats = new Stats(resolved)
  const redact = redactor(resolved.redact)
  const header = resolved.correlationHeader
  const makeId = header ? resolved.correlationId || idMaker() : undefined
  const none = {}
  let persister: Persister | undefined
  let reporter: Reporter | undefined
  let unsubscribe: (() => void) | undefined

  /** Starts storage, reporting and the hide listener with the first client. */
  function attach(client: Client): void {
    if (unsubscribe) return
    let wx: Client['wx']
    try {
      wx = client.wx
    } catch {
      return // no runtime: figures stay in memory
    }
    const key = resolved.storageKey
    if (key && wx.setStorage && wx.getStorageSync && wx.removeStorageSync) {
      persister = new Persister(wx, key, resolved.persistInterval, resolved.maxStorageBytes, stats)
      persister.load()
    }
    if (resolved.report) reporter = createReporter(resolved.report, client)
    unsubscribe = getAppState(wx).on('hide', () => {
      plugin.flush()
    })
  }

  const plugin: Monitor = {
    name: 'monitor',
    stage: 'monitor',
    optionKeys: ['monitor'],
    setup: attach,
    middleware: function monitor(ctx, next) {
      let own: ReturnType<typeof requestOptions.forRequest>
      try {
        own = requestOptions.forRequest(ctx, none)
      } catch (error) {
        return Promise.reject(error)
      }
      if (own === false) return next()
      const start = Date.now()
      let id: string | undefined
      if (makeId) {
        // A caller's own id is kept and recorded.
        id = ctx.request.headers[header as string]
        if (!id) {
          id = makeId()
          // Copy on write: the headers object may be shared with the client's defaults.
          ctx.request.headers = Object.assign({}, ctx.request.headers, { [header as string]: id })
        }
      }
      const url = own.path || stripQuery(ctx.request.url)
      const done = (failed: boolean, error?: unknown): void => {
        try {
          const record = createRecord(ctx, url, start, id, failed, error, redact)
          stats.add(record, `${record.method} ${url}`)
          if (persister) persister.touch()
          if (reporter) reporter.add(record)
        } catch (bug) {
          // Counting must never fail a request, nor leave a rejection unhandled.
          if (typeof console !== 'undefined') console.error('[miniwire] monitor:', bug)
        }
      }
      const downstream = next()
      // A branch beside the request's own chain: it runs as soon as the downstream settles,
      // before the caller resumes, and adds no step to the chain the caller waits on.
      downstream.then(
        () => done(false),
        (error: unknown) => done(true, error),
      )
      return downstream
    },
    getStats: () => stats.summary(),
    getReport(): MonitorReport {
      return {
        generatedAt: new Date().toISOString(),
        stats: stats.summary(),
        latency: stats.total.latency.ranges(),
        slowRequests: stats.slowRequests(),
        recentErrors: stats.errors.toArray(),
        history: stats.history.toArray(),
      }
    },
    format: () => formatReport(plugin.getReport()),
    reset(): void {
      stats.clear()
      if (persister) persister.clear()
    },
    flush(): Promise<void> {
      if (persister) persister.save()
      return reporter ? reporter.flush() : Promise.resolve()
    },
    dispose(): void {
      if (persister) persister.dispose()
      if (reporter) reporter.dispose()
      if (unsubscribe) unsubscribe()
    },
  }
  return plugin
}
