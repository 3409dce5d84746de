/**
 * The retry options checked and layered by core's plugin kit: the plugin's defaults < the
 * factory's options < the client's `retry` < the request's. Bad input throws
 * `ERR_INVALID_OPTION` naming the field, before any attempt is made.
 */
import { checks, defineOptions, type ErrorCode } from '@miniwire/core'
import type { RetryBudget } from './budget'
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
  /** `undefined` only until `retry()` gives the plugin its own budget. */
  budget: RetryBudget | false | undefined
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

const { arrayOf, boolean, either, func, integer, mapped, number, oneOf } = checks

function methodSet(methods: string[]): Record<string, true> {
  const set: Record<string, true> = {}
  for (const method of methods) set[method.toUpperCase()] = true
  return set
}

export const retryOptions = defineOptions<RetryOptions, ResolvedRetryOptions>({
  key: 'retry',
  schema: {
    limit: integer(),
    methods: mapped(arrayOf('string'), methodSet),
    statusCodes: arrayOf('number'),
    afterStatusCodes: arrayOf('number'),
    errorCodes: arrayOf('string'),
    maxRetryAfter: number(),
    backoffLimit: number(),
    delay: func,
    jitter: either(boolean, func),
    shouldRetry: func,
    idempotencyKey: either(boolean, func),
    idempotencyHeader: mapped(checks.string, (name: string) => name.toLowerCase()),
    budget: either(oneOf(false), checks.withMethods('a RetryBudget', 'tryAcquire')),
    deadline: number(0, true),
    waitForNetwork: mapped(either(boolean, number()), (wait: boolean | number) =>
      wait === true ? Infinity : wait === false ? 0 : wait,
    ),
    onRetry: func,
  },
  defaults: {
    limit: 2,
    methods: methodSet(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']),
    statusCodes: [408, 413, 429, 500, 502, 503, 504],
    afterStatusCodes: [413, 429, 503],
    errorCodes: ['ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_INTERRUPTED'],
    maxRetryAfter: 60_000,
    backoffLimit: 30_000,
    delay: defaultDelay,
    jitter: true,
    shouldRetry: undefined,
    idempotencyKey: false,
    idempotencyHeader: 'idempotency-key',
    budget: undefined,
    deadline: undefined,
    waitForNetwork: 30_000,
    onRetry: undefined,
  },
  // A number is short for { limit }.
  shorthand: (value) => (typeof value === 'number' ? { limit: value } : undefined),
})
