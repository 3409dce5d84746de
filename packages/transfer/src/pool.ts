/**
 * A batch run with a real concurrency limit (the seed guide declared `maxConcurrent` and ran
 * its batches one by one). Each item settles on its own; with `failFast` the first failure
 * aborts the rest and rejects. The scheduler still caps wx tasks app-wide: this limit only
 * keeps one batch from taking every slot.
 */
import {
  type AbortSignalLike,
  createAbortController,
  checks,
  describeValue,
  invalidOption,
} from '@miniwire/core'

/** One item's outcome. */
export type Settled<T> =
  | { ok: true; value: T; index: number }
  | { ok: false; error: unknown; index: number }

/** Checks a batch's concurrency option. */
export function checkConcurrency(where: string, value: unknown): number {
  if (value === undefined) return 3
  if (!checks.integer(1).test(value)) {
    throw invalidOption(`${where}: concurrency must be an integer ≥ 1, got ${describeValue(value)}`)
  }
  return value as number
}

/**
 * Runs `work` over `items`, at most `concurrency` at once, each given a signal that aborts when
 * the caller's does (or, with `failFast`, when another item failed).
 */
export async function runPool<I, T>(
  items: readonly I[],
  concurrency: number,
  signal: AbortSignalLike | undefined,
  failFast: boolean,
  work: (item: I, index: number, signal: AbortSignalLike) => Promise<T>,
  onDone?: (result: Settled<T>) => void,
): Promise<Settled<T>[]> {
  const controller = createAbortController()
  const forward = (): void => controller.abort(signal && signal.reason)
  if (signal) {
    if (signal.aborted) forward()
    else signal.addEventListener('abort', forward)
  }
  const results: Settled<T>[] = new Array(items.length)
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++
      try {
        results[index] = {
          ok: true,
          value: await work(items[index]!, index, controller.signal),
          index,
        }
      } catch (error) {
        results[index] = { ok: false, error, index }
        if (failFast && !failure) {
          failure = { error }
          controller.abort(error)
        }
      }
      if (onDone) onDone(results[index]!)
    }
  }
  const workers: Promise<void>[] = []
  for (let i = 0; i < Math.min(concurrency, items.length); i++) workers.push(worker())
  try {
    await Promise.all(workers)
  } finally {
    if (signal) signal.removeEventListener('abort', forward)
  }
  if (failure) throw failure.error
  return results
}
