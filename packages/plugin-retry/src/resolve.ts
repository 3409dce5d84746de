/**
 * Turns what the caller gave (factory options, client defaults, a request's `retry`) into one
 * checked, fully defaulted object. Bad input throws `ERR_INVALID_OPTION` naming the field, before
 * any attempt is made. Table-driven to stay small: this ships in every mini program that retries.
 */
import { type ErrorCode, MiniwireError } from '@miniwire/core'
import { RetryBudget } from './budget'
import type { RetryOptions } from './options'

/** Options with every default filled in. */
export interface ResolvedRetryOptions {
  limit: number
  /** Upper-case method names. */
  methods: Record<string, true>
  statusCodes: number[]
  afterStatusCodes: number[]
  errorCodes: ErrorCode[]
  maxRetryAfter: number
  backoffLimit: number
  delay: (attempt: number) => number
  jitter: boolean | ((delay: number) => number)
  shouldRetry: RetryOptions['shouldRetry'] | undefined
  idempotencyKey: NonNullable<RetryOptions['idempotencyKey']>
  /** Lower-case, as core keeps header names. */
  idempotencyHeader: string
  budget: RetryBudget | false
  deadline: number | undefined
  /** Milliseconds; Infinity for `true`, 0 for `false`. */
  waitForNetwork: number
  onRetry: RetryOptions['onRetry'] | undefined
}

/**
 * The default backoff: `300 * 2 ** (attempt - 1)` ms, i.e. 300, 600, 1200, …
 *
 * @example retry({ delay: (attempt) => Math.max(1000, defaultDelay(attempt)) })
 */
export const defaultDelay = (attempt: number): number => 300 * 2 ** (attempt - 1)

const DEFAULTS = {
  limit: 2,
  methods: { GET: true, HEAD: true, OPTIONS: true, PUT: true, DELETE: true, TRACE: true },
  statusCodes: [408, 413, 429, 500, 502, 503, 504],
  afterStatusCodes: [413, 429, 503],
  errorCodes: ['ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_INTERRUPTED'],
  maxRetryAfter: 60_000,
  backoffLimit: 30_000,
  delay: defaultDelay,
  jitter: true,
  idempotencyKey: false,
  idempotencyHeader: 'idempotency-key',
  waitForNetwork: 30_000,
} as Partial<ResolvedRetryOptions>

const EXPECTED: Record<string, string> = {
  i: 'an integer ≥ 0',
  n: 'a finite number ≥ 0',
  p: 'a finite number > 0',
  N: 'an array of numbers',
  S: 'an array of strings',
  f: 'a function',
  F: 'a boolean or a function',
  W: 'a boolean or a number ≥ 0',
  s: 'a non-empty string',
  B: 'a RetryBudget or false',
}

/** The kind of each option, a key of `EXPECTED`. */
const KINDS: Record<string, string> = {
  limit: 'i',
  methods: 'S',
  statusCodes: 'N',
  afterStatusCodes: 'N',
  errorCodes: 'S',
  maxRetryAfter: 'n',
  backoffLimit: 'n',
  delay: 'f',
  jitter: 'F',
  shouldRetry: 'f',
  idempotencyKey: 'F',
  idempotencyHeader: 's',
  budget: 'B',
  deadline: 'p',
  waitForNetwork: 'W',
  onRetry: 'f',
}

const isArrayOf = (v: unknown, type: string): boolean =>
  Array.isArray(v) && v.every((item) => typeof item === type)

function fits(kind: string, v: any): boolean {
  if (kind === 'i') return Number.isInteger(v) && v >= 0
  if (kind === 'n') return typeof v === 'number' && v >= 0 && v < Infinity
  if (kind === 'p') return typeof v === 'number' && v > 0 && v < Infinity
  if (kind === 'N') return isArrayOf(v, 'number')
  if (kind === 'S') return isArrayOf(v, 'string')
  if (kind === 'f') return typeof v === 'function'
  if (kind === 'F') return typeof v === 'boolean' || typeof v === 'function'
  if (kind === 'W') return typeof v === 'boolean' || (typeof v === 'number' && v >= 0)
  if (kind === 's') return typeof v === 'string' && v !== ''
  return v === false || (!!v && typeof v.tryAcquire === 'function')
}

function invalid(where: string, message: string): MiniwireError {
  return new MiniwireError('ERR_INVALID_OPTION', `${where}: ${message}`)
}

/** Accepts `RetryOptions | number` (a number is `{ limit }`). */
export function toOptions(value: unknown, where: string): RetryOptions {
  if (typeof value === 'number') return { limit: value }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(where, `retry must be an options object, a number or false, got ${String(value)}`)
  }
  return value as RetryOptions
}

/** Brings a checked value into the resolved form. */
function normalize(key: string, value: any): unknown {
  if (key === 'methods') {
    const methods: Record<string, true> = {}
    for (const m of value as string[]) methods[m.toUpperCase()] = true
    return methods
  }
  if (key === 'idempotencyHeader') return (value as string).toLowerCase()
  if (key === 'waitForNetwork') return value === true ? Infinity : value === false ? 0 : value
  return value
}

/**
 * Layers `options` over `base` (already resolved: the plugin's options under a request's), or
 * over the defaults with a new budget. Only the fields given are checked and converted, so a
 * per-request `{ limit: 5 }` costs little.
 */
export function resolveOptions(
  where: string,
  options: RetryOptions,
  base?: ResolvedRetryOptions,
): ResolvedRetryOptions {
  const o: Record<string, unknown> = Object.assign({}, base || DEFAULTS)
  for (const key in options) {
    const value = (options as Record<string, unknown>)[key]
    if (value === undefined) continue
    const kind = KINDS[key]
    if (!kind) throw invalid(where, `unknown option retry.${key}`)
    if (!fits(kind, value)) {
      throw invalid(
        where,
        `retry.${key} must be ${EXPECTED[kind]}, got ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
      )
    }
    o[key] = normalize(key, value)
  }
  if (o.budget === undefined) o.budget = new RetryBudget()
  return o as unknown as ResolvedRetryOptions
}
