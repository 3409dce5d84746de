/**
 * One plain record per request (never per attempt): what was asked, how it ended, how long it
 * took. Only plain values: an error becomes its code, status and a redacted, shortened message,
 * so history never holds an error object, a response body or a header.
 */
import { type Context, isMiniwireError } from '@miniwire/core'

/** Phases of wx's `profile` (ms), when the runtime gives one. */
export interface ProfilePhases {
  /** DNS lookup. */
  dns: number
  /** TCP connect (TLS included on some platforms). */
  connect: number
  /** TLS handshake. */
  ssl: number
  /** Request sent to first response byte. */
  ttfb: number
}

/** What the monitor keeps and reports of one request. */
export interface MonitorRecord {
  /** When the request entered the monitor (ms since the epoch). */
  time: number
  method: string
  /** The path template given (`/users/:id`), else the URL without its query and fragment. */
  url: string
  /** The HTTP status; 0 when no response came (network error, timeout, abort). */
  status: number
  /** Milliseconds from entering the monitor to settling, retries and waits included. */
  duration: number
  /** Times the adapter ran (1 without retries; 0 for a cache hit). */
  attempts: number
  /** Retries the retry plugin made (`ctx.state.retry.attempt`), 0 without it. */
  retries: number
  /** True when a cache answered (set by a cache plugin in `ctx.state.cacheHit`). */
  cacheHit: boolean
  /** Response bytes: wx's received byte count, else content-length, else the raw body's size. */
  bytes: number
  /** True when the request resolved. */
  ok: boolean
  /** The error code of a failure (`ERR_HTTP`, `ERR_TIMEOUT`, …). */
  code: string | undefined
  /** The failure's message, redacted and at most 200 characters. */
  message: string | undefined
  /** The correlation id sent with the request, when `correlationHeader` is set. */
  id: string | undefined
  /** wx's timing phases, when the response carried a `profile`. */
  phases: ProfilePhases | undefined
}

/** The parts of a profile this reads (wx spells the field names as below). */
type Profile = Partial<Record<string, number>>

/** wx's timing phases: each from its start field to its end field. */
function phasesOf(profile: Profile | undefined): ProfilePhases | undefined {
  if (!profile || !profile.requestStart) return undefined
  // A missing end (or one before the start) gives a negative span: 0.
  const span = (from: string, to: string): number => {
    const start = profile[from]
    return start ? Math.max(0, (profile[to] || 0) - start) : 0
  }
  return {
    dns: span('domainLookUpStart', 'domainLookUpEnd'),
    connect: span('connectStart', 'connectEnd'),
    ssl: span('SSLconnectionStart', 'SSLconnectionEnd'),
    ttfb: span('requestStart', 'responseStart'),
  }
}

function bytesOf(response: Context['response']): number {
  if (!response) return 0
  const profile = response.profile as Profile | undefined
  if (profile && profile.receivedBytedCount) return profile.receivedBytedCount
  const length = Number(response.headers['content-length'])
  if (length >= 0) return length
  const data = response.data
  return typeof data === 'string' ? data.length : data instanceof ArrayBuffer ? data.byteLength : 0
}

/** Builds the record of a settled request; `error` is what it rejected with, if it did. */
export function createRecord(
  ctx: Context,
  url: string,
  start: number,
  id: string | undefined,
  failed: boolean,
  error: unknown,
  redact: (text: string) => string,
): MonitorRecord {
  const response = ctx.response
  let code: string | undefined
  let message: string | undefined
  if (failed) {
    // Object(): a thrown string, number or undefined has no name nor message of its own.
    const thrown = Object(error) as Partial<Error>
    code = isMiniwireError(error) ? error.code : thrown.name || 'Error'
    message = redact(String(thrown.message === undefined ? error : thrown.message)).slice(0, 200)
  }
  // Read without importing plugin-retry: its state is there only when the app uses it.
  const retry = (ctx.state as { retry?: { attempt?: number } }).retry
  return {
    time: start,
    method: ctx.request.method,
    url,
    status: response ? response.status : 0,
    duration: Date.now() - start,
    attempts: ctx.attempts,
    retries: (retry && retry.attempt) || 0,
    cacheHit: ctx.state.cacheHit === true,
    bytes: bytesOf(response),
    ok: !failed,
    code,
    message,
    id,
    phases: phasesOf(response && (response.profile as Profile | undefined)),
  }
}
