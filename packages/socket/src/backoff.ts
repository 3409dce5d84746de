/**
 * The wait before reconnect attempt `n`: exponential with full jitter above a floor, so that a
 * server restart is not met by every client at the same instant, and never below `minDelay`
 * nor above `maxDelay`.
 */
import type { ReconnectOptions } from './options'

/**
 * A random delay between `minDelay` and `min(maxDelay, minDelay × factor^attempt)`.
 * @example backoffDelay(1, { minDelay: 1000, maxDelay: 30000, factor: 2, … }) // 1000–2000 ms
 */
export function backoffDelay(
  attempt: number,
  options: Required<ReconnectOptions>,
  random: () => number = Math.random,
): number {
  const { minDelay, maxDelay } = options
  const ceiling = Math.min(maxDelay, minDelay * options.factor ** attempt)
  return Math.min(maxDelay, minDelay + random() * (ceiling - minDelay))
}
