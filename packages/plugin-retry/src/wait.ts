/**
 * Waiting between attempts in a way the caller can always cut short: an abort (the caller's
 * signal, `abortAll`, `abortGroup`) rejects at once with core's `AbortError`, and a waker (the
 * network coming back) can end the wait early. The seed guide's retry manager slept through
 * aborts; this one does not.
 */
import { AbortError, type Context } from '@miniwire/core'

/** setTimeout's largest delay; longer waits would fire at once. */
const MAX_TIMER = 2_147_483_647

/** The AbortError core's adapter would throw for this context. */
export function abortErrorOf(ctx: Context): AbortError {
  return new AbortError({ method: ctx.request.method, url: ctx.request.url }, ctx.signal.reason)
}

/**
 * Waits `ms` (Infinity: until woken or aborted). Resolves `true` when `wake` ended it early,
 * `false` when the time ran out.
 *
 * @param subscribe registers a waker and returns its unsubscribe
 */
export function wait(
  ms: number,
  ctx: Context,
  subscribe?: (wake: () => void) => () => void,
): Promise<boolean> {
  const signal = ctx.signal
  if (signal.aborted) return Promise.reject(abortErrorOf(ctx))
  return new Promise<boolean>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let unsubscribe: (() => void) | undefined
    let done = false
    const finish = (): void => {
      done = true
      if (timer !== undefined) clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      if (unsubscribe) unsubscribe()
    }
    const onAbort = (): void => {
      if (done) return
      finish()
      reject(abortErrorOf(ctx))
    }
    signal.addEventListener('abort', onAbort)
    if (ms !== Infinity) {
      timer = setTimeout(
        () => {
          if (done) return
          finish()
          resolve(false)
        },
        Math.min(Math.max(0, ms), MAX_TIMER),
      )
    }
    if (subscribe) {
      unsubscribe = subscribe(() => {
        if (done) return
        finish()
        resolve(true)
      })
      // The waker may have fired synchronously, before `unsubscribe` was assigned.
      if (done) unsubscribe()
    }
  })
}
