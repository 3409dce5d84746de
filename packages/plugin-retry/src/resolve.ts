/**
 * Turns what the caller gave (factory options, client defaults, a request's `retry`) into one
 * checked, fully defaulted object. Bad input throws `ERR_INVALID_OPTION` naming the field, before
 * any attempt is made.
 */
import { type ErrorCode, MiniwireError } from '@miniwire/core'
import { RetryBudget } from './budget'
import type { RetryOptions } from './options'

/** Options with every default filled in. */
export interface ResolvedRetryOptions {
  limit: number
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
  idempotencyHeader: string
  budget: RetryBudget | false
  deadline: number | undefined
  waitForNetwork: number
  onRetry: RetryOptions['onRetry'] | undefined
}

const IDEMPOTENT = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']

/** `300 * 2 ** (attempt - 1)` ms: 300, 600, 1200, … */
export const defaultDelay = (attempt: number): number => 300 * 2 ** (attempt - 1)

function fail(where: string, message: string): MiniwireError {
  return new MiniwireError('ERR_INVALID_OPTION', `${where}: ${message}`)
}

function count(value: unknown, where: string, name: string, integer: boolean): number {
  if (
    typeof value !== 'number' ||
    !(value >= 0) ||
    (integer ? !Number.isInteger(value) : value === Number.POSITIVE_INFINITY)
  ) {
    throw fail(
      where,
      `retry.${name} must be ${integer ? 'an integer' : 'a finite number'} ≥ 0, got ${String(value)}`,
    )
  }
  return value
}

function list<T>(value: unknown, where: string, name: string, type: string): T[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== type)) {
    throw fail(where, `retry.${name} must be an array of ${type}s, got ${JSON.stringify(value)}`)
  }
  return value as T[]
}

function fn<T>(value: unknown, where: string, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw fail(where, `retry.${name} must be a function, got ${typeof value}`)
  }
  return value as T | undefined
}

/** Accepts `RetryOptions | number` (a number is `{ limit }`). */
export function toOptions(value: unknown, where: string): RetryOptions {
  if (typeof value === 'number') return { limit: value }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(
      where,
      `retry must be an options object, a number (the limit) or false, got ${value === null ? 'null' : typeof value}`,
    )
  }
  return value as RetryOptions
}

/** Fills in defaults and checks every field. */
export function resolveOptions(o: RetryOptions, where: string): ResolvedRetryOptions {
  const methods: Record<string, true> = {}
  for (const m of o.methods === undefined
    ? IDEMPOTENT
    : list<string>(o.methods, where, 'methods', 'string')) {
    methods[m.toUpperCase()] = true
  }
  const jitter = o.jitter ?? true
  if (typeof jitter !== 'boolean' && typeof jitter !== 'function') {
    throw fail(where, `retry.jitter must be a boolean or a function, got ${typeof jitter}`)
  }
  const key = o.idempotencyKey ?? false
  if (typeof key !== 'boolean' && typeof key !== 'function') {
    throw fail(where, `retry.idempotencyKey must be a boolean or a function, got ${typeof key}`)
  }
  const header = o.idempotencyHeader ?? 'Idempotency-Key'
  if (typeof header !== 'string' || header === '') {
    throw fail(where, 'retry.idempotencyHeader must be a non-empty string')
  }
  const budget = o.budget === undefined ? new RetryBudget() : o.budget
  if (
    budget !== false &&
    (budget === null ||
      typeof budget !== 'object' ||
      typeof budget.tryAcquire !== 'function' ||
      typeof budget.recordSuccess !== 'function')
  ) {
    throw fail(where, `retry.budget must be a RetryBudget or false, got ${String(budget)}`)
  }
  const wait = o.waitForNetwork ?? 30_000
  return {
    limit: count(o.limit ?? 2, where, 'limit', true),
    methods,
    statusCodes:
      o.statusCodes === undefined
        ? [408, 413, 429, 500, 502, 503, 504]
        : list(o.statusCodes, where, 'statusCodes', 'number'),
    afterStatusCodes:
      o.afterStatusCodes === undefined
        ? [413, 429, 503]
        : list(o.afterStatusCodes, where, 'afterStatusCodes', 'number'),
    errorCodes:
      o.errorCodes === undefined
        ? ['ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_INTERRUPTED']
        : list<ErrorCode>(o.errorCodes, where, 'errorCodes', 'string').filter(
            (code) => code !== 'ERR_ABORTED',
          ),
    maxRetryAfter: count(o.maxRetryAfter ?? 60_000, where, 'maxRetryAfter', false),
    backoffLimit: count(o.backoffLimit ?? 30_000, where, 'backoffLimit', false),
    delay: fn<(attempt: number) => number>(o.delay, where, 'delay') ?? defaultDelay,
    jitter,
    shouldRetry: fn(o.shouldRetry, where, 'shouldRetry'),
    idempotencyKey: key,
    idempotencyHeader: header.toLowerCase(),
    budget,
    deadline: o.deadline === undefined ? undefined : positive(o.deadline, where, 'deadline'),
    waitForNetwork:
      wait === true
        ? Number.POSITIVE_INFINITY
        : wait === false
          ? 0
          : count(wait, where, 'waitForNetwork', false),
    onRetry: fn(o.onRetry, where, 'onRetry'),
  }
}

function positive(value: unknown, where: string, name: string): number {
  const n = count(value, where, name, false)
  if (n === 0) throw fail(where, `retry.${name} must be > 0, got 0`)
  return n
}

/**
 * The options for one request: the plugin's, with the request's (or the client's) merged over
 * them. The budget object is the plugin's unless the request names another.
 */
export function mergeOptions(
  base: RetryOptions,
  baseBudget: RetryBudget | false,
  override: RetryOptions,
  where: string,
): ResolvedRetryOptions {
  const merged: RetryOptions = { ...base, ...override }
  if (override.budget === undefined) merged.budget = baseBudget
  return resolveOptions(merged, where)
}
