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
 * Core's signal. The client also uses one per request as `ctx.signal` (and links it into its
 * list of live requests), so it stays small: no controller object, listeners in a plain array.
 */
export class MiniAbortSignal implements AbortSignalLike {
  aborted = false
  reason: unknown = undefined
  onabort: (() => void) | null = null
  /** Made on the first listener: most signals get one or none. */
  private _l: Array<() => void> | undefined = undefined

  addEventListener(_type: 'abort', listener: () => void): void {
    const l = this._l
    if (!l) this._l = [listener]
    else if (l.indexOf(listener) < 0) l.push(listener)
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const l = this._l
    // The listener added last is usually the one removed first (the adapter's, per attempt).
    if (!l) return
    if (l[l.length - 1] === listener) l.pop()
    else if (l.indexOf(listener) >= 0) l.splice(l.indexOf(listener), 1)
  }

  /** Throws `reason` when aborted, as the standard signal does. */
  throwIfAborted(): void {
    if (this.aborted) throw this.reason
  }

  /** @internal aborts once (later calls do nothing), with a default reason as the standard. */
  _fire(reason?: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason === undefined ? new Error('This operation was aborted') : reason
    const listeners = this._l || []
    this._l = undefined
    if (this.onabort) this.onabort()
    for (let i = 0; i < listeners.length; i++) listeners[i]!()
  }
}

/** Core's own controller, used where the global `AbortController` is missing. */
export class MiniAbortController implements AbortControllerLike {
  readonly signal: MiniAbortSignal = new MiniAbortSignal()

  /** @default reason `new Error('This operation was aborted')` */
  abort(reason?: unknown): void {
    this.signal._fire(reason)
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
