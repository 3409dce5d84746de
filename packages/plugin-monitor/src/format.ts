/**
 * The report as text for a terminal or the DevTools console: a summary line, a table of the
 * endpoints (count, success rate, p50/p95/p99) and a latency histogram of successful requests
 * in powers of two. Plain ASCII apart from the bars, so it lines up in any monospace font.
 */
import type { LatencyRange } from './histogram'
import type { MonitorRecord } from './record'
import type { MonitorStats } from './stats'

/** What `getReport()` returns: plain JSON, safe to store or send. */
export interface MonitorReport {
  /** ISO time the report was made. */
  generatedAt: string
  stats: MonitorStats
  /** Latency of successful requests, non-empty ranges only. */
  latency: LatencyRange[]
  /** Requests of the history slower than `slowThreshold`, oldest first. */
  slowRequests: MonitorRecord[]
  /** Recent failures, oldest first. */
  recentErrors: MonitorRecord[]
  /** The last `historySize` requests, oldest first. */
  history: MonitorRecord[]
}

const percent = (rate: number, requests: number): string =>
  requests ? `${(rate * 100).toFixed(1)}%` : '-'

const row = (cells: Array<string | number>, widths: number[]): string =>
  cells
    .map((cell, i) => (i ? String(cell).padStart(widths[i]!) : String(cell).padEnd(widths[0]!)))
    .join('  ')

/** The latency ranges merged into powers of two: 0–1, 1–2, 2–4, … ms. */
function powersOfTwo(ranges: LatencyRange[]): LatencyRange[] {
  const merged: LatencyRange[] = []
  for (const range of ranges) {
    const to = range.from < 1 ? 1 : 2 ** (Math.floor(Math.log2(range.from)) + 1)
    const last = merged[merged.length - 1]
    if (last && last.to === to) last.count += range.count
    else merged.push({ from: to === 1 ? 0 : to / 2, to, count: range.count })
  }
  return merged
}

/**
 * The report as a text table and histogram.
 *
 * @param width the longest bar, in characters @default 30
 * @example console.log(formatReport(monitor.getReport()))
 */
export function formatReport(report: MonitorReport, width = 30): string {
  const { stats } = report
  const { latency } = stats
  const lines = [
    `${stats.requests} requests, ${percent(stats.successRate, stats.requests)} ok, ${stats.failed} failed, ${stats.aborted} aborted, ${stats.slow} slow, ${stats.cacheHits} from cache`,
    `latency of successful requests: mean ${latency.mean} ms, p50 ${latency.p50}, p90 ${latency.p90}, p95 ${latency.p95}, p99 ${latency.p99}, max ${latency.max} ms`,
    '',
  ]
  const widths = [8, 7, 7, 6, 6, 6]
  for (const endpoint of stats.endpoints) {
    widths[0] = Math.max(widths[0]!, endpoint.endpoint.length)
  }
  lines.push(row(['endpoint', 'count', 'ok', 'p50', 'p95', 'p99'], widths))
  for (const e of stats.endpoints) {
    // No successful request, no latency to show.
    const { p50, p95, p99 } = e.succeeded ? e.latency : { p50: '-', p95: '-', p99: '-' }
    lines.push(
      row([e.endpoint, e.requests, percent(e.successRate, e.requests), p50, p95, p99], widths),
    )
  }
  const ranges = powersOfTwo(report.latency)
  const most = Math.max(1, ...ranges.map((range) => range.count))
  if (ranges.length) lines.push('', 'latency (ms)')
  for (const { from, to, count } of ranges) {
    const bar = '█'.repeat(Math.round((count / most) * width)) || (count ? '▏' : '')
    lines.push(`${`${from}-${to}`.padStart(13)} | ${bar.padEnd(width)} ${count}`)
  }
  return lines.join('\n')
}
