/**
 * The retry plugin: replays the inner onion (`await next()` again, so auth runs afresh with a
 * fresh token) after a retryable failure, waiting a jittered backoff, a `Retry-After`, or for
 * the network to return. When it gives up it rethrows the last error unchanged, so guards such as
 * `isHttpError` still work; `ctx.state.retry` tells the monitor how many retries were made.
 */
import {
  abortErrorOf,
  type Context,
  getAppState,
  isAbortError,
  type Next,
  type Plugin,
  sleep,
  type WxRuntime,
} from '@miniwire/core'
import { RetryBudget } from './budget'
import { ForceRetryError, isForceRetryError } from './force'
import { applyIdempotencyKey } from './idempotency'
import type { RetryOptions, RetryState, RetryStop } from './options'
import { plan, remaining } from './plan'
import { type ResolvedRetryOptions, retryOptions } from './resolve'

/** The runtime whose network this module last subscribed to: one look-up, not one a request. */
let watched: WxRuntime | undefined

/** Subscribes to the network before the first attempt, so a "disconnected" event is known. */
function watchRuntime(ctx: Context): void {
  try {
    const wx = ctx.client.wx
    if (wx === watched) return
    if (typeof wx.onNetworkStatusChange === 'function') getAppState(wx)
    watched = wx
  } catch {
    // No runtime at all: the adapter reports that on the first attempt.
  }
}

/**
 * Readies the next attempt: no `forceRetry()` yet, and the timeout shortened to what the
 * deadline leaves (never below 1 ms).
 */
function prepare(
  ctx: Context,
  state: RetryState,
  options: ResolvedRetryOptions,
  timeout: number,
): void {
  state.forced = undefined
  if (options.deadline === undefined) return
  const left = Math.max(1, Math.floor(remaining(state, options)))
  ctx.request.timeout = timeout > 0 ? Math.min(timeout, left) : left
}

/** After an attempt that resolved: counts the success; the error to retry on if `forceRetry()` was called. */
function forcedAfter(
  state: RetryState,
  options: ResolvedRetryOptions,
): ForceRetryError | undefined {
  if (options.budget) options.budget.recordSuccess()
  // forceRetry(ctx) may have set this while next() ran.
  const forced = state.forced as RetryState['forced']
  return forced ? new ForceRetryError(forced) : undefined
}

async function notify(
  ctx: Context,
  options: ResolvedRetryOptions,
  error: unknown,
  attempt: number,
  delay: number,
  offline: boolean,
): Promise<void> {
  const event = { ctx, error, attempt, delay, offline }
  if (options.onRetry) await options.onRetry(event)
  ctx.client.emit('retry', event)
}

/** The error to give up with: a forced retry's cause, or the failure as it is. */
const lastError = (error: unknown): unknown =>
  isForceRetryError(error) && error.cause !== undefined ? error.cause : error

/**
 * The first attempt, without an async function around it: most requests succeed at once, and
 * only a failure (or `forceRetry()`) goes on to `retryAfter()`.
 */
function first(ctx: Context, next: Next, options: ResolvedRetryOptions): Promise<void> {
  const state: RetryState = { attempt: 0, delays: [], startedAt: Date.now() }
  ctx.state.retry = state
  const hasKey = applyIdempotencyKey(ctx, options, state)
  // Subscribing before the first attempt means a "disconnected" event is known when it fails.
  if (options.waitForNetwork > 0) watchRuntime(ctx)
  const timeout = ctx.request.timeout
  prepare(ctx, state, options, timeout)
  return next().then(
    () => {
      const forced = forcedAfter(state, options)
      return forced && retryAfter(ctx, next, options, state, hasKey, timeout, forced, true)
    },
    (error: unknown) => retryAfter(ctx, next, options, state, hasKey, timeout, error, false),
  )
}

/**
 * Decides on an attempt that failed (or that `forceRetry()` marked, `succeeded`), waits and
 * replays until an attempt succeeds for good or the plan says stop.
 */
async function retryAfter(
  ctx: Context,
  next: Next,
  options: ResolvedRetryOptions,
  state: RetryState,
  hasKey: boolean,
  timeout: number,
  error: unknown,
  succeeded: boolean,
): Promise<void> {
  for (;;) {
    const decision = await plan(ctx, error, hasKey, state, options)
    const attempt = state.attempt + 1
    let stop: RetryStop | undefined
    try {
      if ('stop' in decision) stop = decision.stop
      else if (decision.offline) {
        // Ends the wait when the network comes back.
        const wake = decision.app.until((app) => app.online === true)
        const abortError = (): unknown => abortErrorOf(ctx)
        if (await sleep(decision.maxWait, { signal: ctx.signal, abortError, wake })) {
          state.delays.push(0)
          await notify(ctx, options, error, attempt, 0, true)
        } else stop = remaining(state, options) <= 0 ? 'deadline' : 'offline'
      } else {
        await notify(ctx, options, error, attempt, decision.delay, false)
        await sleep(decision.delay, ctx)
        state.delays.push(decision.delay)
      }
    } catch (thrown) {
      // An abort during a wait, or onRetry refusing with an error of its own.
      state.stop = isAbortError(thrown) ? 'aborted' : 'vetoed'
      throw thrown
    }
    if (stop) {
      state.stop = stop
      if (succeeded) return
      throw lastError(error)
    }
    state.attempt = attempt
    prepare(ctx, state, options, timeout)
    try {
      await next()
      error = forcedAfter(state, options)
      if (!error) return
      succeeded = true
    } catch (caught) {
      error = caught
      succeeded = false
    }
  }
}

/**
 * Retries failed requests: idempotent methods on network errors, timeouts and the usual
 * statuses, with exponential backoff and full jitter, `Retry-After`, a retry budget, an optional
 * deadline, and a wait for the network while the device is offline.
 *
 * @param options the plugin's defaults; a number is `{ limit }`
 * @example
 * import { createClient } from '@miniwire/core'
 * import { retry } from '@miniwire/plugin-retry'
 *
 * const client = createClient({ baseURL: 'https://api.example.com', plugins: [retry({ limit: 3 })] })
 * await client.get('/feed')                        // up to 3 retries
 * await client.post('/orders', order, { retry: { idempotencyKey: true } })
 * await client.get('/health', { retry: false })   // no retries for this one
 */
export function retry(options: RetryOptions | number = {}): Plugin {
  const resolved = retryOptions.resolve(options)
  // Each retry() has its own budget unless one is given.
  if (resolved.budget === undefined) resolved.budget = new RetryBudget()
  return {
    name: 'retry',
    stage: 'retry',
    optionKeys: ['retry'],
    // Not async itself, nor is the first attempt: one promise per request fewer on the hot path.
    middleware: function retry(ctx, next) {
      let effective: ResolvedRetryOptions | false
      try {
        effective = retryOptions.forRequest(
          ctx,
          resolved,
          ctx.request.retry,
          ctx.client.defaults.retry,
        )
      } catch (error) {
        return Promise.reject(error)
      }
      return effective === false ? next() : first(ctx, next, effective)
    },
  }
}
