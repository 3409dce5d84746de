/**
 * A retry budget: a token bucket that caps retries as a share of successes, so a backend that
 * fails for everyone is not answered by every client retrying every request (a retry storm).
 * The same idea as gRPC's retry throttling: retries spend tokens, successes earn a fraction back.
 */
import { invalidOption } from '@miniwire/core'

/** Options of `new RetryBudget()`. */
export interface RetryBudgetOptions {
  /**
   * Tokens the bucket holds; it starts full. Each retry spends one.
   * @default 10
   */
  capacity?: number
  /**
   * Tokens each successful attempt puts back (up to `capacity`). 0.1 lets one retry through for
   * every ten successes once the bucket has run dry.
   * @default 0.1
   */
  refillPerSuccess?: number
}

/**
 * A token bucket shared by every request of one `retry()` plugin (or wider, if you pass it).
 *
 * @example
 * const budget = new RetryBudget({ capacity: 20, refillPerSuccess: 0.2 })
 * client.use(retry({ budget }))
 * // later: budget.tokens tells how much retrying is left
 */
export class RetryBudget {
  readonly capacity: number
  readonly refillPerSuccess: number
  /** Tokens left (may be fractional). */
  tokens: number

  constructor(options: RetryBudgetOptions = {}) {
    const capacity = options.capacity ?? 10
    const refill = options.refillPerSuccess ?? 0.1
    if (!(capacity >= 1 && capacity < Infinity && refill >= 0 && refill <= capacity)) {
      throw invalidOption(
        `new RetryBudget(): capacity must be a finite number ≥ 1 and refillPerSuccess a number from 0 to capacity, got ${capacity} and ${refill}`,
      )
    }
    this.capacity = capacity
    this.refillPerSuccess = refill
    this.tokens = capacity
  }

  /** Spends a token for one retry; `false` when fewer than one is left (do not retry). */
  tryAcquire(): boolean {
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** Earns back `refillPerSuccess` after a successful attempt. */
  recordSuccess(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.refillPerSuccess)
  }
}
