/**
 * Waiting that the caller can always cut short. Nothing in miniwire waits without listening to
 * a signal: an abort (the caller's signal, `abortAll`, `abortGroup`) rejects at once with the
 * request's `AbortError` and clears the timer; a waker (the network coming back) can end a
 * wait early; a shared promise (a token refresh) can be left by one waiter while the others
 * keep waiting.
 */
import type { AbortSignalLike } from '../abort'
import { AbortError } from '../errors'
import type { Context } from '../types'
import { followAbort } from './follow'

/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_TIMER = 2_147_483_647

/** Registers `wake` and returns its unsubscribe. */
export type Waker = (wake: () => void) => () => void

/** How a wait listens. */
export interface WaitOptions {
  /** Cuts the wait short. */
  signal?: AbortSignalLike | undefined
  /**
   * The error an abort rejects with.
   * @default an `AbortError` carrying the signal's reason
   */
  abortError?: () => unknown
  /** Ends the wait early (resolving `true`), e.g. when the network returns. */
  wake?: Waker
}

/**
 * The `AbortError` core's adapter would throw for this request.
 * @example throw abortErrorOf(ctx)
 */
export function abortErrorOf(ctx: Context): AbortError {
  return new AbortError({
    request: { method: ctx.request.method, url: ctx.request.url },
    reason: ctx.signal.reason,
  })
}

/** A request's context becomes its signal and its `AbortError`. */
function listenTo(from: WaitOptions | Context | undefined): WaitOptions {
  if (from && (from as Context).request) {
    const ctx = from as Context
    return { signal: ctx.signal, abortError: () => abortErrorOf(ctx) }
  }
  return (from as WaitOptions) || {}
}

const reasonOf = (signal: AbortSignalLike): AbortError => new AbortError({ reason: signal.reason })

/**
 * Waits `ms` milliseconds (`Infinity`: until woken or aborted). Resolves `false` when the time
 * ran out, `true` when `wake` ended it early; rejects when the signal aborts.
 *
 * @example
 * await sleep(backoff, ctx) // rejects with the request's AbortError on abortGroup()
 * const woken = await sleep(30_000, { signal, wake: (fn) => app.on('online', fn) })
 */
export function sleep(ms: number, from?: WaitOptions | Context): Promise<boolean> {
  const { signal, abortError, wake } = listenTo(from)
  const fail = (): unknown => (abortError ? abortError() : reasonOf(signal!))
  if (signal && signal.aborted) return Promise.reject(fail())
  return new Promise<boolean>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let unsubscribe: (() => void) | undefined
    let done = false
    const finish = (): boolean => {
      if (done) return false
      done = true
      if (timer !== undefined) clearTimeout(timer)
      unfollow()
      if (unsubscribe) unsubscribe()
      return true
    }
    // Not aborted yet (checked above), so this cannot call back before `unfollow` is set.
    const unfollow = followAbort(signal, () => {
      if (finish()) reject(fail())
    })
    if (ms !== Infinity) {
      timer = setTimeout(
        () => {
          if (finish()) resolve(false)
        },
        Math.min(Math.max(0, ms), MAX_TIMER),
      )
    }
    if (wake) {
      unsubscribe = wake(() => {
        if (finish()) resolve(true)
      })
      // The waker may have fired at once, before `unsubscribe` was known.
      if (done) unsubscribe()
    }
  })
}

/**
 * Resolves as `promise` does, or rejects as soon as the signal aborts, leaving `promise` to go
 * on for whoever else waits on it (a shared refresh, a deduplicated request).
 *
 * @example
 * const token = await abortable(sharedRefresh, ctx)
 */
export function abortable<T>(promise: Promise<T>, from?: WaitOptions | Context): Promise<T> {
  const { signal, abortError } = listenTo(from)
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    // An aborted signal rejects at once; `promise` settling later changes nothing.
    const unfollow = followAbort(signal, () => reject(abortError ? abortError() : reasonOf(signal)))
    // Settled as `promise` is, then no longer listening.
    promise.then(resolve, reject).then(unfollow)
  })
}

/**
 * Rejects with `onTimeout()` when `promise` has not settled after `ms` (0, less or Infinity:
 * no limit), and clears its timer when it settles.
 *
 * @example
 * await withTimeout(refresh(), 30_000, () => new Error('refresh timed out'))
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => unknown,
): Promise<T> {
  if (!(ms > 0) || ms === Infinity) return promise
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.min(ms, MAX_TIMER))
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
