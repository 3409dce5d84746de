import { describe, expect, it } from 'vitest'
import {
  computeDelay,
  createIdempotencyKey,
  defaultDelay,
  parseRetryAfter,
  RetryBudget,
} from '../src'

const exact = { delay: defaultDelay, backoffLimit: 30_000, jitter: false as const }

describe('computeDelay', () => {
  it('should double the delay from 300 ms on each retry', () => {
    expect([1, 2, 3, 4].map((n) => computeDelay(n, exact))).toEqual([300, 600, 1200, 2400])
  })

  it('should cap the backoff at backoffLimit', () => {
    expect(computeDelay(20, exact)).toBe(30_000)
    expect(computeDelay(3, { ...exact, backoffLimit: 1000 })).toBe(1000)
  })

  it('should draw full jitter from [0, delay)', () => {
    const jittered = { ...exact, jitter: true as const }
    expect(computeDelay(3, jittered, () => 0)).toBe(0)
    expect(computeDelay(3, jittered, () => 0.5)).toBe(600)
    expect(computeDelay(3, jittered, () => 0.999_999)).toBe(1199)
  })

  it('should pass the capped delay to a jitter function and cap its answer too', () => {
    const seen: number[] = []
    const spread = (d: number): number => {
      seen.push(d)
      return d * 10
    }
    expect(computeDelay(20, { ...exact, backoffLimit: 500, jitter: spread })).toBe(500)
    expect(seen).toEqual([500])
  })

  it('should treat a negative or NaN delay as no wait', () => {
    expect(computeDelay(1, { ...exact, delay: () => -5 })).toBe(0)
    expect(computeDelay(1, { ...exact, delay: () => Number.NaN })).toBe(0)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T08:00:00Z')

  it('should read delta-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('1.5', now)).toBe(1500)
  })

  it('should read an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 08:00:03 GMT', now)).toBe(3000)
  })

  it('should give 0 for an HTTP-date in the past', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 07:59:00 GMT', now)).toBe(0)
  })

  it('should give undefined for a missing or unreadable value', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('', now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-3', now)).toBeUndefined()
  })
})

describe('RetryBudget', () => {
  it('should start full and refuse once the tokens are spent', () => {
    const budget = new RetryBudget({ capacity: 2 })
    expect(budget.tryAcquire()).toBe(true)
    expect(budget.tryAcquire()).toBe(true)
    expect(budget.tryAcquire()).toBe(false)
    expect(budget.tokens).toBe(0)
  })

  it('should earn one retry back for every ten successes by default', () => {
    const budget = new RetryBudget({ capacity: 1 })
    budget.tryAcquire()
    for (let i = 0; i < 9; i++) budget.recordSuccess()
    expect(budget.tryAcquire()).toBe(false)
    budget.recordSuccess()
    budget.recordSuccess()
    expect(budget.tryAcquire()).toBe(true)
  })

  it('should never hold more than its capacity', () => {
    const budget = new RetryBudget({ capacity: 3, refillPerSuccess: 1 })
    for (let i = 0; i < 10; i++) budget.recordSuccess()
    expect(budget.tokens).toBe(3)
  })

  it('should name the bad option', () => {
    expect(() => new RetryBudget({ capacity: 0 })).toThrow(/capacity must be a finite number ≥ 1/)
    expect(() => new RetryBudget({ refillPerSuccess: -1 })).toThrow(/got 10 and -1$/)
  })
})

describe('createIdempotencyKey', () => {
  it('should make UUID-v4-shaped keys', () => {
    expect(createIdempotencyKey()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  it('should not repeat itself over many keys', () => {
    const keys = new Set(Array.from({ length: 2000 }, () => createIdempotencyKey()))
    expect(keys.size).toBe(2000)
  })
})
