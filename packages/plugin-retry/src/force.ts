/**
 * Forcing a retry from below the retry layer: a response hook or an app middleware that sees
 * "try again" in a body (a business code, a stale replica) asks for a replay, as users of ky
 * (ky#778) and ofetch (ofetch#355) asked for. Either throw `ForceRetryError`, or call
 * `forceRetry(ctx)` and return normally. `limit`, the deadline, the budget and aborts still apply.
 */
import { type Context, defineError } from '@miniwire/core'

declare module '@miniwire/core' {
  interface ErrorCodes {
    /** A middleware under the retry layer asked for a retry (`ForceRetryError`). */
    ERR_RETRY_FORCED: true
  }
}

/** Options of a forced retry. */
export interface ForceRetryOptions {
  /** Wait this long (ms) instead of the computed backoff. */
  delay?: number
  /** The real failure: rethrown as it is when the retries run out. */
  cause?: unknown
}

/**
 * Thrown by a middleware under the retry layer to ask for a retry. When the plugin cannot retry
 * (limit, deadline, budget), it rethrows `cause` if one was given, else this error.
 *
 * @example
 * client.use(async function retryOnBusy(ctx, next) {
 *   await next()
 *   const body = ctx.response?.data as { code: number }
 *   if (body.code === 50301) throw new ForceRetryError({ delay: 500 })
 * })
 */
export const ForceRetryError = defineError<{ delay: number | undefined }>(
  'ForceRetryError',
  'ERR_RETRY_FORCED',
  'a middleware asked for a retry',
)
export type ForceRetryError = InstanceType<typeof ForceRetryError>

/**
 * True for a `ForceRetryError` (from any copy of this package).
 *
 * @example
 * catch (error) { if (isForceRetryError(error)) console.log('a retry was asked for') }
 */
export const isForceRetryError: (value: unknown) => value is ForceRetryError = ForceRetryError.is

/**
 * Asks the retry layer to replay this request once the current attempt returns, without
 * throwing: when no retry is possible the current response stands.
 *
 * @example
 * client.use(async function staleGuard(ctx, next) {
 *   await next()
 *   if (ctx.response?.headers['x-stale'] === '1') forceRetry(ctx, { delay: 200 })
 * })
 */
export function forceRetry(ctx: Context, options: { delay?: number } = {}): void {
  const state = ctx.state.retry
  if (state) state.forced = options
}
