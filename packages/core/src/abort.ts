/**
 * Cancellation without relying on the global AbortController, which the mini-program logic
 * layer does not have. `createAbortController()` returns the global one where it exists, or a
 * small standard-shaped one that core (and user code) can pass as `signal`.
 */

/** What core needs of a signal: the standard AbortSignal fits, and so does core's own. */
export interface AbortSignalLike {
  readonly aborted: boolean
  readonly reason?: unknown
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

/** What `createAbortController()` returns. */
export interface AbortControllerLike {
  readonly signal: AbortSignalLike
  abort(reason?: unknown): void
}

/**
 * Core's signal. The client also uses one per request as `ctx.signal` (and keeps it among its
 * live requests), so it stays small: no controller object, and no array for the one listener
 * most signals get (the adapter's, per attempt).
 *
 * Why not an array made on the first listener: V8 decides per allocation site whether its
 * objects are long-lived. With a cache keeping the young generation full, it moved that
 * per-request array to old space, where each one then kept young garbage alive through
 * scavenges: all six plugins went from about 5 µs a request to 17–20 µs.
 */
export class MiniAbortSignal implements AbortSignalLike {
  aborted = false
  reason: unknown = undefined
  onabort: (() => void) | null = null
  /** The earliest listener still registered. */
  private first: (() => void) | undefined = undefined
  /** The listeners after it, in order: made on the second. */
  private rest: Array<() => void> | undefined = undefined

  addEventListener(_type: 'abort', listener: () => void): void {
    const rest = this.rest
    if (listener === this.first || (rest && rest.indexOf(listener) >= 0)) return
    if (!this.first) this.first = listener
    else if (rest) rest.push(listener)
    else this.rest = [listener]
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const rest = this.rest
    if (listener === this.first) this.first = rest && rest.length ? rest.shift() : undefined
    else if (rest) {
      const at = rest.indexOf(listener)
      if (at >= 0) rest.splice(at, 1)
    }
  }

  /** Throws `reason` when aborted, as the standard signal does. */
  throwIfAborted(): void {
    if (this.aborted) throw this.reason
  }

  /** Aborts once (later calls do nothing), with a default reason as the standard. */
  fire(reason?: unknown): void {
    if (this.aborted) return
    this.aborted = true
    if (reason === undefined) {
      // The standard default reason is a DOMException named AbortError; the logic layer has none.
      reason = new Error('This operation was aborted')
      ;(reason as Error).name = 'AbortError'
    }
    this.reason = reason
    const first = this.first
    const rest = this.rest
    this.first = this.rest = undefined
    if (this.onabort) this.onabort()
    if (first) first()
    if (rest) for (let i = 0; i < rest.length; i++) rest[i]!()
  }
}

/** Core's own controller, used where the global `AbortController` is missing. */
export class MiniAbortController implements AbortControllerLike {
  readonly signal: MiniAbortSignal = new MiniAbortSignal()

  /** @default reason `new Error('This operation was aborted')` */
  abort(reason?: unknown): void {
    this.signal.fire(reason)
  }
}

/**
 * The global `AbortController` when the runtime has one, otherwise core's own.
 *
 * @example
 * const controller = createAbortController()
 * client.get('/slow', { signal: controller.signal })
 * controller.abort()
 */
export function createAbortController(): AbortControllerLike {
  // The mini-program logic layer has no AbortController: look it up, never assume it.
  const Native = typeof AbortController === 'function' ? AbortController : undefined
  return Native ? (new Native() as AbortControllerLike) : new MiniAbortController()
}
