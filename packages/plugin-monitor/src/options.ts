/**
 * The monitor's options, documented and checked by core's plugin kit. The factory takes the
 * limits, persistence, reporting and privacy settings; a request (or the client's defaults)
 * can only name its endpoint's path template or switch the monitor off, since the figures are
 * shared by every request.
 */
import { checks, defineOptions, invalidOption } from '@miniwire/core'
import { DEFAULT_REDACT } from './redact'

/** Where and how records are sent to a backend. */
export interface ReportOptions {
  /**
   * The collector URL, absolute or relative to the client's `baseURL`. Batches are POSTed as
   * JSON `{ sentAt, dropped, records }` through the client, at priority `'low'`, with
   * `monitor: false` so the monitor never counts its own requests.
   * @example 'https://log.example.com/monitor/collect'
   */
  url: string
  /**
   * Records per request; a full batch is sent at once.
   * @default 20
   */
  batchSize?: number
  /**
   * Milliseconds a partial batch waits before it is sent.
   * @default 10000
   */
  interval?: number
  /**
   * Share of requests reported, from 0 to 1 (the local figures count every request).
   * @default 1
   * @example 0.1
   */
  sampleRate?: number
  /**
   * Records waiting at most; beyond it the oldest are dropped (and counted in `dropped`).
   * @default 200
   */
  maxQueue?: number
  /**
   * Retries of a failed batch before it waits for the next flush.
   * @default 3
   */
  retryLimit?: number
  /**
   * Backoff before retry n: `retryDelay * 2 ** (n - 1)` ms.
   * @default 2000
   */
  retryDelay?: number
}

/** Options of `monitor()`. */
export interface MonitorOptions {
  /**
   * Records kept in the history ring.
   * @default 100
   */
  historySize?: number
  /**
   * Recent failures kept (aborts excluded).
   * @default 20
   */
  errorLimit?: number
  /**
   * A request slower than this (ms) counts as slow; the report lists the slow ones among the
   * recent history.
   * @default 3000
   */
  slowThreshold?: number
  /**
   * Endpoints (`METHOD url`) counted apart; any further endpoint is counted in one more row,
   * `(other)`.
   * @default 50
   */
  maxEndpoints?: number
  /**
   * Storage key of the persisted figures; `false` keeps them in memory only.
   * @default 'miniwire:monitor'
   */
  storageKey?: string | false
  /**
   * Saving happens at most this often (ms) and when the app is hidden, never per request.
   * @default 5000
   */
  persistInterval?: number
  /**
   * Largest stored size (bytes, UTF-8); history is left out when the figures would exceed it.
   * wx allows 1 MB a key.
   * @default 262144
   */
  maxStorageBytes?: number
  /**
   * A header that carries a fresh id on every request, recorded with it, so server logs can be
   * matched with the monitor's records; `false` sends none.
   * @default false
   * @example 'x-request-id'
   */
  correlationHeader?: string | false
  /**
   * Makes a correlation id.
   * @default a per-process random prefix and a counter, e.g. `'k3f9x2a1-1c'`
   */
  correlationId?: () => string
  /**
   * Names masked in everything stored or sent (header, cookie and query parameter names; any
   * name containing "token" is masked as well).
   * @default ['authorization', 'cookie', 'set-cookie', 'password', 'secret', 'session', 'sessionid', 'ticket', 'sign', 'signature', 'api_key', 'apikey']
   */
  redact?: string[]
  /**
   * Sends records to a backend in batches; `false` reports nothing.
   * @default false
   * @example { url: 'https://log.example.com/monitor/collect', sampleRate: 0.2 }
   */
  report?: ReportOptions | false
}

/** Per-request monitor options (or a client's defaults). */
export interface MonitorRequestOptions {
  /**
   * The endpoint's path template, recorded instead of the URL, so `/users/1` and `/users/2`
   * count as one endpoint. A string is short for `{ path }`.
   * @example client.get(`/users/${id}`, { monitor: '/users/:id' })
   */
  path?: string
}

export type ResolvedReport = Required<ReportOptions>

export type ResolvedOptions = Required<Omit<MonitorOptions, 'report' | 'correlationId'>> & {
  report: ResolvedReport | false
  correlationId?: () => string
}

const { arrayOf, either, func, integer, mapped, number, object, oneOf, string } = checks
const positive = number(0, true)
const isFalse = oneOf(false)

const reportOptions = defineOptions<ReportOptions, ResolvedReport>({
  key: 'report',
  schema: {
    url: string,
    batchSize: integer(1),
    interval: positive,
    sampleRate: {
      expected: 'a number from 0 to 1',
      test: (value) => typeof value === 'number' && value >= 0 && value <= 1,
    },
    maxQueue: integer(1),
    retryLimit: integer(),
    retryDelay: number(),
  },
  defaults: {
    url: '',
    batchSize: 20,
    interval: 10_000,
    sampleRate: 1,
    maxQueue: 200,
    retryLimit: 3,
    retryDelay: 2000,
  },
})

/** `report` completed with its defaults; its `url` is required. */
function resolveReport(given: ReportOptions): ResolvedReport {
  const report = reportOptions.resolve(given, undefined, 'monitor()')
  if (!report.url)
    throw invalidOption('monitor(): report.url must be a non-empty string, got undefined')
  return report
}

/** The factory's options. */
export const monitorOptions = defineOptions<MonitorOptions, ResolvedOptions>({
  key: 'monitor',
  schema: {
    historySize: integer(),
    errorLimit: integer(),
    slowThreshold: number(),
    maxEndpoints: integer(1),
    storageKey: either(isFalse, string),
    persistInterval: positive,
    maxStorageBytes: integer(1024),
    // Core keeps header names lower-case.
    correlationHeader: mapped(either(isFalse, string), (name) => name && name.toLowerCase()),
    correlationId: func,
    redact: arrayOf('string'),
    report: mapped(either(isFalse, object), (report) => report && resolveReport(report)),
  },
  defaults: {
    historySize: 100,
    errorLimit: 20,
    slowThreshold: 3000,
    maxEndpoints: 50,
    storageKey: 'miniwire:monitor',
    persistInterval: 5000,
    maxStorageBytes: 256 * 1024,
    correlationHeader: false,
    redact: DEFAULT_REDACT as string[],
    report: false,
  },
})

/** The per-request layering: a string is `{ path }`. */
export const requestOptions = defineOptions<MonitorRequestOptions, MonitorRequestOptions>({
  key: 'monitor',
  schema: { path: string },
  defaults: {},
  shorthand: (value) => (typeof value === 'string' ? { path: value } : undefined),
})
