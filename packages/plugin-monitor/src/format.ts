/**
 * The report as text for a terminal or the DevTools console: a summary line, a table of the
 * endpoints (count, success rate, p50/p95/p99) and a latency histogram of successful requests
 * in powers of two. Plain ASCII apart from the bars, so it lines up in any monospace font.
 */
import type { LatencyRange } from './histogram'
import type { MonitorRecord } from './record'
import type { Counts, MonitorStats } from './stats'

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
  /** The last `historySize` records, oldest first. */
  history: MonitorRecord[]
}

/** A success rate as a percentage; '-' when nothing settled. */
const percent = (figures: Counts): string =>
  figures.requests ? `${(figures.successRate * 100).toFixed(1)}%` : '-'

/** The percentiles in the endpoint table. */
const COLUMNS = ['p50', 'p95', 'p99'] as const

/**
 * The report as a text table and histogram.
 *
 * @param width the longest bar, in characters @default 30
 * @example console.log(formatReport(monitor.getReport()))
 */
export function formatReport(report: MonitorReport, width = 30): string {
  const { stats } = report
  const latency = stats.latency as unknown as Record<string, number>
  // `mean 120, p50 100, …, max 420`: the summary's own names, in its own order.
  const figures = Object.keys(latency).map((name) => `${name} ${latency[name]}`)
  const rows: string[][] = [['endpoint', 'count', 'ok', ...COLUMNS]]
  for (const e of stats.endpoints) {
    // An endpoint without a successful request has no latency: '-'.
    const latencies = COLUMNS.map((column) => (e.succeeded ? e.latency[column] : '-'))
    rows.push([e.endpoint, e.requests, percent(e), ...latencies].map(String))
  }
  const first = Math.max(...rows.map((cells) => cells[0]!.length))
  const lines = [
    `${stats.requests} requests, ${percent(stats)} ok, ${stats.failed} failed, ${stats.aborted} aborted, ${stats.slow} slow, ${stats.cacheHits} from cache`,
    `latency of successful requests: ${figures.join(', ')} ms`,
    '',
  ]
  for (const cells of rows) {
    lines.push(
      cells.map((cell, i) => (i ? cell.padStart(i < 3 ? 7 : 6) : cell.padEnd(first))).join('  '),
    )
  }
  // The ranges merged into powers of two: 0-1, 1-2, 2-4, … ms (range starts are whole ms).
  const bars: LatencyRange[] = []
  let most = 0
  for (const { from, count } of report.latency) {
    const to = 2 ** (32 - Math.clz32(from))
    let bar = bars[bars.length - 1]
    if (!bar || bar.to !== to) bars.push((bar = { from: to >> 1, to, count: 0 }))
    most = Math.max(most, (bar.count += count))
  }
  if (most) lines.push('', 'latency (ms)')
  for (const { from, to, count } of bars) {
    // Ranges hold at least one request: the shortest bar is a sliver, never nothing.
    const bar = '█'.repeat(Math.round((count / most) * width)) || '▏'
    lines.push(`${`${from}-${to}`.padStart(13)} | ${bar.padEnd(width)} ${count}`)
  }
  return lines.join('\n')
}
