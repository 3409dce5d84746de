/**
 * The retry schedule as pure functions: exponential backoff capped by `backoffLimit`, then
 * jitter, and `Retry-After` in both of its forms. Pure so the schedule is tested on its own.
 */

/** What `computeDelay` needs of the options. */
export interface DelayOptions {
  /** Backoff before retry number `attempt` (1-based), in ms. */
  delay: (attempt: number) => number
  /** Cap applied before jitter, in ms. */
  backoffLimit: number
  /** `true` full jitter, `false` none, or a function of the capped delay. */
  jitter: boolean | ((delay: number) => number)
}

const finite = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0)

/**
 * The wait before retry number `attempt` (1 for the first retry): `delay(attempt)`, capped by
 * `backoffLimit`, then jittered. Full jitter draws uniformly from [0, delay). A negative or
 * non-numeric result counts as 0.
 *
 * @param random a source in [0, 1) @default Math.random
 * @example
 * computeDelay(3, { delay: (n) => 300 * 2 ** (n - 1), backoffLimit: 30_000, jitter: false }) // 1200
 */
export function computeDelay(
  attempt: number,
  options: DelayOptions,
  random: () => number = Math.random,
): number {
  const capped = Math.min(finite(options.delay(attempt)), options.backoffLimit)
  if (options.jitter === false) return capped
  if (options.jitter === true) return Math.floor(random() * capped)
  return Math.min(finite(options.jitter(capped)), options.backoffLimit)
}

/**
 * Reads a `Retry-After` value: delta-seconds (`"120"`) or an HTTP-date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`). Returns the wait in ms (0 for a date in the past), or
 * `undefined` when the value is missing or unreadable.
 *
 * @param now the current time in ms @default Date.now()
 * @example
 * parseRetryAfter('2') // 2000
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value === null) return undefined
  const text = value.trim()
  if (text === '') return undefined
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  // An HTTP-date always names a month; this keeps Date.parse from reading '-3' as a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}
