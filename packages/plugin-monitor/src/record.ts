/**
 * One plain record per request (never per attempt): what was asked, how it ended, how long it
 * took. Only plain values: an error becomes its code, status and a redacted, shortened message,
 * so history never holds an error object, a response body or a header. It is built once, when
 * the request settles; the only work on the way in is the start time.
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

/** Each phase by name, then the profile fields it runs from and to. */
const PHASES = (
  'dns domainLookUpStart domainLookUpEnd connect connectStart connectEnd ' +
  'ssl SSLconnectionStart SSLconnectionEnd ttfb requestStart responseStart'
).split(' ')

/** wx's timing phases; a missing end (or one before its start) gives 0. */
function phasesOf(profile: Profile | undefined): ProfilePhases | undefined {
  if (!profile || !profile.requestStart) return undefined
  const phases: Record<string, number> = {}
  for (let i = 0; i < PHASES.length; i += 3) {
    const start = profile[PHASES[i + 1]!]
    phases[PHASES[i]!] = start ? Math.max(0, (profile[PHASES[i + 2]!] || 0) - start) : 0
  }
  return phases as unknown as ProfilePhases
}

/** wx's received byte count, else content-length, else the raw body's size. */
function bytesOf(response: NonNullable<Context['response']>, profile: Profile | undefined): number {
  const data = response.data
  return (
    (profile && profile.receivedBytedCount) ||
    +response.headers['content-length']! ||
    // An ArrayBuffer (or a view of one) has its byteLength; a parsed JSON body has neither.
    (typeof data === 'string' ? data.length : (data ? (data as ArrayBuffer).byteLength : 0) || 0)
  )
}

/**
 * The record of a settled request that entered the monitor at `start`; `failed` says it
 * rejected, with `error`. `redact` masks credentials in the error's message.
 */
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
  const profile = response && (response.profile as Profile | undefined)
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
    bytes: response ? bytesOf(response, profile) : 0,
    ok: !failed,
    code,
    message,
    id,
    phases: phasesOf(profile),
  }
}
