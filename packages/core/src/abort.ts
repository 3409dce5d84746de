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

class MiniAbortSignal implements AbortSignalLike {
  aborted = false
  reason: unknown = undefined
  onabort: (() => void) | null = null
  private listeners: Array<() => void> = []

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener)
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.listeners.indexOf(listener)
    if (i >= 0) this.listeners.splice(i, 1)
  }

  /** Throws `reason` when aborted, as the standard signal does. */
  throwIfAborted(): void {
    if (this.aborted) throw this.reason
  }

  /** @internal */
  fire(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    const listeners = this.listeners
    this.listeners = []
    if (this.onabort) this.onabort()
    for (const listener of listeners) listener()
  }
}

/** Core's own controller, used where the global `AbortController` is missing. */
export class MiniAbortController implements AbortControllerLike {
  readonly signal: MiniAbortSignal = new MiniAbortSignal()

  /** @default reason `new Error('This operation was aborted')` */
  abort(reason?: unknown): void {
    this.signal.fire(reason === undefined ? new Error('This operation was aborted') : reason)
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
  return typeof AbortController === 'function'
    ? (new AbortController() as AbortControllerLike)
    : new MiniAbortController()
}
