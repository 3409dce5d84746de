/**
 * @miniwire/plugin-retry: retries that are safe (idempotency rules, aborts are final), bounded
 * (limit, deadline, retry budget) and polite (backoff with jitter, Retry-After, offline wait).
 * Importing it adds `retry` to the request options, `ctx.state.retry`, and the `retry` event.
 */
import type { RetryEvent, RetryOptions, RetryState } from './options'

declare module '@miniwire/core' {
  interface RequestOptions {
    /**
     * Retry options, layered: the request's over the client's (`createClient({ retry })`) over
     * the plugin's. A number is `{ limit }`; `false` switches retries off.
     * @example client.get('/feed', { retry: { limit: 5 } })
     */
    retry?: RetryOptions | number | false
  }
  interface ContextState {
    /** Set by the retry plugin: retries made, waits, and why it stopped. */
    retry?: RetryState
  }
  interface ClientEvents {
    /** A retry is about to be made (after `onRetry`, before the wait). */
    retry: RetryEvent
  }
}

export { RetryBudget, type RetryBudgetOptions } from './budget'
export { computeDelay, type DelayOptions, parseRetryAfter } from './delay'
export {
  ForceRetryError,
  type ForceRetryOptions,
  forceRetry,
  isForceRetryError,
} from './force'
export { createIdempotencyKey } from './idempotency'
export type { RetryEvent, RetryInfo, RetryOptions, RetryState, RetryStop } from './options'
export { defaultDelay } from './resolve'
export { retry } from './retry'
