/**
 * Waiting on a shared promise without tying it to one waiter: an aborted waiter rejects at once
 * while the shared work (the refresh) goes on for the others; a refresh that never settles is
 * cut off by a timer so that no waiter hangs.
 */
import { AbortError, type AbortSignalLike } from '@miniwire/core'

/** Resolves as `promise` does, or rejects with `onAbort()` as soon as `signal` fires. */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignalLike | undefined,
  onAbort: () => unknown,
): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(onAbort())
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort())
    signal.addEventListener('abort', abort)
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort)
        reject(error)
      },
    )
  })
}

/** Rejects with `onTimeout()` when `promise` has not settled after `ms` (0 or less: no limit). */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => unknown,
): Promise<T> {
  if (!(ms > 0) || ms === Number.POSITIVE_INFINITY) return promise
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms)
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

/** `abortable` for provider callers: an abort rejects with core's `AbortError`. */
export function waitShared<T>(
  promise: Promise<T>,
  options: { signal?: AbortSignalLike },
): Promise<T> {
  const signal = options.signal
  return abortable(promise, signal, () => new AbortError(undefined, signal?.reason))
}
