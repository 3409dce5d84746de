/**
 * The monitor plugin: the outermost layer of the onion, so it sees each request once, however
 * many attempts retry or a token refresh made inside it, and a cache hit as the app saw it.
 * The hot path does little: two clock reads, one plain record, a few counters; storage and
 * reporting happen later, in batches, off the request's path.
 */
import { type Client, type Context, getAppState, type Plugin } from '@miniwire/core'
import { formatReport, type MonitorReport } from './format'
import { type MonitorOptions, monitorOptions, requestOptions } from './options'
import { type Persister, persister as createPersister } from './persist'
import { createRecord } from './record'
import { redactor, stripQuery } from './redact'
import { createReporter, type Reporter } from './reporter'
import { createStats, type MonitorStats } from './stats'

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
  const resolved = monitorOptions.resolve(options)
  const stats = createStats(resolved)
  const redact = redactor(resolved.redact)
  const header = resolved.correlationHeader
  const makeId = header ? resolved.correlationId || idMaker() : undefined
  const none = {}
  let persister: Persister | undefined
  let reporter: Reporter | undefined
  let unsubscribe: (() => void) | undefined
  // The last URL seen and its query-less form: a client calling one URL again skips the copy.
  let lastRaw: string | undefined
  let lastUrl = ''

  /** Starts storage, reporting and the hide listener with the first client. */
  function attach(client: Client): void {
    if (unsubscribe) return
    let wx: Client['wx']
    try {
      wx = client.wx
    } catch {
      return // no runtime: figures stay in memory
    }
    if (resolved.storageKey && wx.setStorage) persister = createPersister(wx, resolved, stats)
    const app = getAppState(wx)
    if (resolved.report) reporter = createReporter(resolved.report, client, app)
    // `flush` reads closures, not `this`, and never rejects.
    unsubscribe = app.on('hide', plugin.flush)
  }

  /** Records a settled request; `error` is what it rejected with, if it did. */
  function settle(
    ctx: Context,
    url: string,
    start: number,
    id: string | undefined,
    failed: boolean,
    error?: unknown,
  ): void {
    try {
      const record = createRecord(ctx, url, start, id, failed, error, redact)
      stats.add(record)
      if (persister) persister.touch()
      if (reporter) reporter.add(record)
    } catch (bug) {
      // Counting must never fail a request, nor leave a rejection unhandled.
      console.error('[miniwire] monitor:', bug)
    }
  }

  const plugin: Monitor = {
    name: 'monitor',
    stage: 'monitor',
    optionKeys: ['monitor'],
    setup: attach,
    middleware: function monitor(ctx, next) {
      // A bad per-request option throws here; core turns it into the request's rejection.
      const own = requestOptions.forRequest(
        ctx,
        none,
        ctx.request.monitor,
        ctx.client.defaults.monitor,
      )
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
      const raw = ctx.request.url
      if (raw !== lastRaw) {
        lastRaw = raw
        lastUrl = stripQuery(raw)
      }
      const url = own.path || lastUrl
      const downstream = next()
      // A branch beside the request's own chain: it runs as soon as the downstream settles,
      // before the caller resumes, and adds no step to the chain the caller waits on.
      downstream.then(
        () => settle(ctx, url, start, id, false),
        (error: unknown) => settle(ctx, url, start, id, true, error),
      )
      return downstream
    },
    // The figures' own functions: they read closures, not `this`.
    getStats: stats.summary,
    getReport: stats.report,
    format: () => formatReport(stats.report()),
    reset(): void {
      stats.load()
      if (persister) persister.clear()
    },
    flush(): Promise<void> {
      if (persister) persister.save()
      return reporter ? reporter.flush() : Promise.resolve()
    },
    dispose(): void {
      if (persister) persister.save()
      if (reporter) reporter.dispose()
      if (unsubscribe) unsubscribe()
    },
  }
  return plugin
}
