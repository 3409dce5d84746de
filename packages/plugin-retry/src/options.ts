/**
 * The retry options in ky's vocabulary (`limit`, `methods`, `statusCodes`, `backoffLimit`,
 * `delay`, `jitter`, `shouldRetry`, …) plus what a mini program needs on top: idempotency keys,
 * a retry budget, a total deadline and waiting out an offline spell. One interface serves the
 * factory, the client defaults (`createClient({ retry })`) and each request.
 */
import type { Context, ErrorCode, Method } from '@miniwire/core'
import type { RetryBudget } from './budget'

/** What `shouldRetry` and `onRetry` are told. */
export interface RetryInfo {
  ctx: Context
  /** The error of the attempt that failed (a `ForceRetryError` when one was thrown). */
  error: unknown
  /** The retry about to be made: 1 for the first retry. */
  attempt: number
}

/** What `onRetry` and the client's `retry` event are told. */
export interface RetryEvent extends RetryInfo {
  /** Milliseconds the plugin waits before the retry (0 after an offline wait). */
  delay: number
  /** True when the retry follows a wait for the network to return. */
  offline: boolean
}

/**
 * Retry options. Pass them to `retry()`, to `createClient({ retry })` for every request, or to
 * one request (`client.get(url, { retry: { limit: 5 } })`), layered in that order: the request's
 * over the client's over the plugin's. A number is short for `{ limit }`; `false` switches retries off.
 */
export interface RetryOptions {
  /**
   * How many retries after the first attempt.
   * @default 2
   * @example { limit: 5 }
   */
  limit?: number
  /**
   * Methods retried on any retryable failure. POST and PATCH are retried when they carry an
   * idempotency key (see `idempotencyKey`); listed here without one, they are retried only on an
   * HTTP status, never after a timeout, an interruption or a network error (the server may have
   * acted on them).
   * @default ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']
   * @example { methods: ['GET'] }
   */
  methods?: Array<Method | Lowercase<Method>>
  /**
   * HTTP statuses that are retried.
   * @default [408, 413, 429, 500, 502, 503, 504]
   * @example { statusCodes: [503] }
   */
  statusCodes?: number[]
  /**
   * Statuses whose `Retry-After` header (seconds or HTTP-date) sets the wait.
   * @default [413, 429, 503]
   */
  afterStatusCodes?: number[]
  /**
   * Error codes that are retried. `ERR_ABORTED` is never retried, even when listed.
   * @default ['ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_INTERRUPTED']
   * @example { errorCodes: ['ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_INTERRUPTED', 'ERR_BUSINESS'] }
   */
  errorCodes?: ErrorCode[]
  /**
   * The longest `Retry-After` (ms) the plugin will honour; a longer one means "give up now".
   * @default 60000
   */
  maxRetryAfter?: number
  /**
   * The longest computed backoff (ms), applied before jitter.
   * @default 30000
   */
  backoffLimit?: number
  /**
   * Backoff (ms) before retry number `attempt` (1 for the first retry).
   * @default (attempt) => 300 * 2 ** (attempt - 1)
   * @example { delay: (attempt) => 1000 * attempt }
   */
  delay?: (attempt: number) => number
  /**
   * `true`: full jitter, a random wait in [0, delay). `false`: the exact delay. A function gets
   * the capped delay and returns the wait.
   * @default true
   * @example { jitter: (delay) => delay / 2 + Math.random() * delay / 2 }
   */
  jitter?: boolean | ((delay: number) => number)
  /**
   * Decides after the built-in checks: `true` retries (even a POST or a status not listed),
   * `false` does not, `undefined` keeps the built-in answer. May be async. `limit`, `deadline`,
   * the budget and aborts still apply.
   * @default undefined
   * @example { shouldRetry: ({ error }) => isBusinessError(error) && error.businessCode === 50001 }
   */
  shouldRetry?: (info: RetryInfo) => boolean | undefined | Promise<boolean | undefined>
  /**
   * Sends an idempotency key with POST and PATCH, the same on every attempt, and makes them
   * retryable. `true` generates a random key; a function returns the key for the request. A key
   * the caller set in the header is kept as it is.
   * @default false
   * @example { idempotencyKey: (ctx) => `order-${(ctx.request.data as Order).id}` }
   */
  idempotencyKey?: boolean | ((ctx: Context) => string)
  /**
   * The header that carries the idempotency key.
   * @default 'Idempotency-Key'
   */
  idempotencyHeader?: string
  /**
   * A token bucket shared by the requests of one plugin instance: each retry spends a token,
   * each success refills a fraction, so a failing backend is not met by a retry storm. Pass
   * your own `RetryBudget` to share it wider, or `false` to retry without one.
   * @default new RetryBudget() per `retry()` call
   */
  budget?: RetryBudget | false
  /**
   * Total milliseconds for the request from the moment it reaches the retry layer, every
   * attempt and wait included. Each
   * attempt's `timeout` is shortened to what is left; no retry starts that cannot finish its
   * wait in time.
   * @default undefined (no deadline)
   * @example { deadline: 15_000 }
   */
  deadline?: number
  /**
   * When an attempt fails while the device is offline, wait for the network to return rather
   * than burn retries. `true` waits as long as the deadline and the signal allow; a number caps
   * the wait (ms); `false` backs off as usual.
   * @default 30000
   */
  waitForNetwork?: boolean | number
  /**
   * Called before each retry's wait (after an offline wait: once the network is back); may be
   * async. Throwing stops the retries with that error.
   * @default undefined
   * @example { onRetry: ({ attempt, delay }) => console.log(`retry #${attempt} in ${delay} ms`) }
   */
  onRetry?: (event: RetryEvent) => void | Promise<void>
}

/**
 * Why the plugin stopped retrying, in `ctx.state.retry.stop`: the failure was not retryable, the
 * request was aborted, `limit` was reached, `shouldRetry` said no (or `onRetry` threw), the
 * `Retry-After` was beyond `maxRetryAfter`, the `deadline` or the budget ran out, or the network
 * did not return within `waitForNetwork`; `'not-replayable'`: the request's `replayable()` said
 * a replay would repeat what the caller already has (a stream whose body had started).
 */
export type RetryStop =
  | 'not-retryable'
  | 'not-replayable'
  | 'aborted'
  | 'limit'
  | 'vetoed'
  | 'retry-after'
  | 'deadline'
  | 'budget'
  | 'offline'

/** What the plugin leaves on `ctx.state.retry` for the monitor and later middlewares. */
export interface RetryState {
  /** Retries made so far: 0 while the first attempt runs. */
  attempt: number
  /** `Date.now()` when the retry layer first ran; the deadline counts from here. */
  startedAt: number
  /** The wait before each retry made (ms). */
  delays: number[]
  /** Why the plugin gave up, when it did. */
  stop?: RetryStop
  /** The idempotency key sent with every attempt, when one was. */
  idempotencyKey?: string
  /** @internal a retry asked for by `forceRetry(ctx)`. */
  forced?: { delay?: number } | undefined
}
