/**
 * One decision after a failed attempt: stop (and why), wait for the network, or wait a delay.
 * Checks run cheapest and most final first; the budget is spent last, only for a retry that will
 * really happen, so a token is never lost to a retry the deadline then refuses.
 */
import { type AppState, type Context, getAppState, isAbortError, isHttpError } from '@miniwire/core'
import { isNetworkClass, isRetryable } from './decide'
import { computeDelay, parseRetryAfter } from './delay'
import { isForceRetryError } from './force'
import type { RetryState, RetryStop } from './options'
import type { ResolvedRetryOptions } from './resolve'

/** What to do next. */
export type Plan =
  | { stop: RetryStop }
  | { delay: number; offline: false }
  | { offline: true; maxWait: number; app: AppState }

/** Milliseconds left before the deadline (Infinity without one). */
export function remaining(state: RetryState, options: ResolvedRetryOptions): number {
  return options.deadline === undefined ? Infinity : state.startedAt + options.deadline - Date.now()
}

function delayFor(
  error: unknown,
  attempt: number,
  options: ResolvedRetryOptions,
): number | RetryStop {
  if (isForceRetryError(error) && typeof error.delay === 'number' && error.delay >= 0) {
    return error.delay
  }
  if (isHttpError(error) && options.afterStatusCodes.indexOf(error.status) >= 0) {
    const after = parseRetryAfter(error.headers['retry-after'])
    if (after !== undefined) return after > options.maxRetryAfter ? 'retry-after' : after
  }
  return computeDelay(attempt, options)
}

/** The app state when the failure came from being offline and waiting for the network helps. */
async function offline(
  ctx: Context,
  error: unknown,
  options: ResolvedRetryOptions,
): Promise<AppState | undefined> {
  if (options.waitForNetwork <= 0 || !isNetworkClass(error)) return undefined
  const wx = ctx.client.wx
  // A runtime that cannot report the network coming back is treated as online.
  if (typeof wx.onNetworkStatusChange !== 'function') return undefined
  const app = getAppState(wx)
  return (await app.isOffline()) ? app : undefined
}

/** Decides what follows a failed (or force-retried) attempt. */
export async function plan(
  ctx: Context,
  error: unknown,
  hasKey: boolean,
  state: RetryState,
  options: ResolvedRetryOptions,
): Promise<Plan> {
  if (ctx.signal.aborted || isAbortError(error)) return { stop: 'aborted' }
  // Final like an abort: no rule, forced retry or shouldRetry can make a replay harmless.
  const { replayable } = ctx.request
  if (replayable && !replayable()) return { stop: 'not-replayable' }
  if (state.attempt >= options.limit) return { stop: 'limit' }
  const attempt = state.attempt + 1
  let ok = isRetryable(error, ctx.request.method, hasKey, options)
  if (options.shouldRetry) {
    const verdict = await options.shouldRetry({ ctx, error, attempt })
    if (verdict === false) return { stop: 'vetoed' }
    if (verdict === true) ok = true
  }
  if (!ok) return { stop: 'not-retryable' }
  if (ctx.signal.aborted) return { stop: 'aborted' }

  const left = remaining(state, options)
  const app = await offline(ctx, error, options)
  if (app) {
    // A lost network is not the backend failing: no budget is spent on waiting it out.
    if (left <= 0) return { stop: 'deadline' }
    return { offline: true, maxWait: Math.min(options.waitForNetwork, left), app }
  }
  const delay = delayFor(error, attempt, options)
  if (typeof delay === 'string') return { stop: delay }
  if (delay >= left) return { stop: 'deadline' }
  if (options.budget && !options.budget.tryAcquire()) return { stop: 'budget' }
  return { delay, offline: false }
}
