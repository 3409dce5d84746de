/**
 * A batch run with a real concurrency limit (the seed guide declared `maxConcurrent` and ran
 * its batches one by one), shared by `uploadMany()` and `downloadMany()`. Each item settles on
 * its own; with `failFast` the first failure aborts the rest and rejects. The scheduler still
 * caps wx tasks app-wide: this limit only keeps one batch from taking every slot.
 */
import { type AbortSignalLike, checks, createAbortController, followAbort } from '@miniwire/core'
import { checkArgument } from './target'

/** One item's outcome. */
export type Settled<T> =
  | { ok: true; value: T; index: number }
  | { ok: false; error: unknown; index: number }

/** The options every batch has, beside those it passes on to each item. */
export interface BatchOptions {
  /** Items at once. @default 3 */
  concurrency?: number
  /** Reject on the first failure and abort the others, instead of a result per item. @default false */
  failFast?: boolean
  signal?: AbortSignalLike | undefined
}

/**
 * How `uploadMany()` and `downloadMany()` start: the items and the concurrency checked at once;
 * the run that follows gives each item the batch's options with a signal of its own, and the
 * batch's own options set to `undefined` (which the option schemas read as not given).
 *
 * @example
 * const run = batch('downloadMany()', 'urls', urls, options)
 * return run((url, index, each) => download(url, each))
 */
export function batch<O extends BatchOptions>(
  where: string,
  name: string,
  items: readonly string[],
  options: O,
) {
  checkArgument(where, name, items, checks.arrayOf('string'))
  const limit = options.concurrency === undefined ? 3 : options.concurrency
  checkArgument(where, 'concurrency', limit, checks.integer(1))
  type Each = Omit<O, 'signal' | keyof BatchOptions> & { signal: AbortSignalLike }
  return <T>(work: (item: string, index: number, each: Each) => Promise<T>) =>
    runPool(items, limit, options, (item, index, signal) =>
      work(
        item,
        index,
        Object.assign({}, options, {
          concurrency: undefined,
          failFast: undefined,
          signal,
        }) as unknown as Each,
      ),
    )
}

/**
 * Runs `work` over `items`, at most `limit` at once, each given a signal that aborts when the
 * batch's does (or, with `failFast`, when another item failed).
 *
 * @example
 * const results = await runPool(urls, 3, options, (url, index, signal) => download(url, { signal }))
 */
export async function runPool<I, T>(
  items: readonly I[],
  limit: number,
  options: BatchOptions,
  work: (item: I, index: number, signal: AbortSignalLike) => Promise<T>,
): Promise<Settled<T>[]> {
  const { signal, failFast } = options
  const controller = createAbortController()
  const unfollow = followAbort(signal, (reason) => controller.abort(reason))
  const results: Settled<T>[] = []
  let next = 0
  let failed = false
  let failure: unknown
  const lane = async (): Promise<void> => {
    for (let index = next++; index < items.length && !failed; index = next++) {
      try {
        const value = await work(items[index]!, index, controller.signal)
        results[index] = { ok: true, value, index }
      } catch (error) {
        results[index] = { ok: false, error, index }
        if (failFast && !failed) {
          failed = true
          failure = error
          controller.abort(error)
        }
      }
    }
  }
  // Lanes catch every failure, so they always resolve and the listener always goes.
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  unfollow()
  if (failed) throw failure
  return results
}
