/**
 * Typed events for packages: core already bundles mitt (the client's events, the app state),
 * so a package that needs an emitter takes core's instead of bundling a second copy.
 */
import mitt, { type Emitter, type EventType, type Handler } from 'mitt'

export type { Emitter, EventType, Handler }

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
export function createEmitter<Events extends Record<EventType, unknown>>(): Emitter<Events> {
  return mitt<Events>()
}
