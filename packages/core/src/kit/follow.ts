/**
 * Following a caller's signal. A stream or a batch owns an abort controller of its own (so it
 * can stop itself: `close()`, a failed item) and must still stop when the caller's signal
 * aborts. That link has three easy-to-miss steps: act at once when the signal has already
 * aborted, listen otherwise, and unsubscribe when done (or the listener, and all it holds, lives
 * as long as the caller's signal). One helper takes them all.
 */
import type { AbortSignalLike } from '../abort'

/**
 * Calls `onAbort` with `signal`'s reason when it aborts, at once when it already has; an
 * undefined signal never aborts. Returns the unsubscribe, to call once the follower is done.
 *
 * @example
 * const controller = createAbortController()
 * const unfollow = followAbort(options.signal, (reason) => controller.abort(reason))
 * try {
 *   await work(controller.signal)
 * } finally {
 *   unfollow()
 * }
 */
export function followAbort(
  signal: AbortSignalLike | undefined,
  onAbort: (reason: unknown) => void,
): () => void {
  if (!signal) return () => {}
  const listener = (): void => onAbort(signal.reason)
  if (signal.aborted) listener()
  else signal.addEventListener('abort', listener)
  return () => signal.removeEventListener('abort', listener)
}
