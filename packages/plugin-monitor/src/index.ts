/**
 * @miniwire/plugin-monitor: request statistics that stay cheap (bounded memory, nothing but
 * counters on the request's path), private (credentials redacted from everything stored or
 * sent) and readable (`getStats()`, `getReport()`, a text table and histogram).
 * Importing it adds `monitor` to the request options and `cacheHit` to `ctx.state`.
 */
import type { MonitorRequestOptions } from './options'

declare module '@miniwire/core' {
  interface RequestOptions {
    /**
     * The endpoint's path template (a string is short for `{ path }`), or `false` to leave this
     * request out of the figures.
     * @example client.get(`/users/${id}`, { monitor: '/users/:id' })
     */
    monitor?: MonitorRequestOptions | string | false
  }
  interface ContextState {
    /**
     * Set to `true` by a cache layer that answered without the network; the monitor records it.
     * Any cache plugin can set it without importing the monitor.
     */
    cacheHit?: boolean
  }
}

export { formatReport, type MonitorReport } from './format'
export type { LatencyRange } from './histogram'
export { type Monitor, monitor } from './monitor'
export type { MonitorOptions, MonitorRequestOptions, ReportOptions } from './options'
export type { MonitorRecord, ProfilePhases } from './record'
export { DEFAULT_REDACT } from './redact'
export type { ReportBatch } from './reporter'
export type { Counts, EndpointStats, LatencySummary, MonitorStats } from './stats'
