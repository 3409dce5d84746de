/**
 * Typed events for packages: core already bundles mitt (the client's events, the app state),
 * so a package that needs an emitter takes core's instead of bundling a second copy. The types
 * are declared here, so core's declarations import nothing from mitt (a strict consumer
 * compiles without mitt's types installed).
 */
import mitt from 'mitt'

/** A handler of one event. */
export type Handler<T = unknown> = (event: T) => void

/** A typed event emitter (mitt's). */
export interface Emitter<Events extends Record<string, unknown>> {
  /** The handlers, by event. */
  all: Map<keyof Events, Array<Handler<any>>>
  on<K extends keyof Events>(type: K, handler: Handler<Events[K]>): void
  /** Removes `handler`, or every handler of `type` when none is given. */
  off<K extends keyof Events>(type: K, handler?: Handler<Events[K]>): void
  emit<K extends keyof Events>(type: K, event: Events[K]): void
}

/**
 * Makes a typed event emitter (mitt's): `on`, `off`, `emit`, and `all`, the handlers by type.
 * Handlers run in the order they were added; one that throws stops the ones after it, so a
 * package that runs user code guards its handlers.
 *
 * @example
 * const events = createEmitter<{ open: undefined; message: string }>()
 * events.on('message', (text) => console.log(text))
 * events.emit('message', 'hi')
 */
export function createEmitter<Events extends Record<string, unknown>>(): Emitter<Events> {
  return mitt() as unknown as Emitter<Events>
}
