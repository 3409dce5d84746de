/**
 * Task-level listeners (`onHeadersReceived`, `onChunkReceived`, `onProgressUpdate`) with their
 * `off*` twins. Unlike the app-level ones, `off` without a function removes nothing, matching
 * the task typings that require the listener.
 */
export class TaskListeners<T> {
  private readonly fns = new Set<(value: T) => void>()

  on(fn: (value: T) => void): void {
    if (typeof fn === 'function') this.fns.add(fn)
  }

  off(fn?: (value: T) => void): void {
    if (fn) this.fns.delete(fn)
    else this.fns.clear()
  }

  get size(): number {
    return this.fns.size
  }

  emit(value: T): void {
    for (const fn of [...this.fns]) {
      try {
        fn(value)
      } catch (error) {
        setTimeout(() => {
          throw error
        }, 0)
      }
    }
  }
}

/** A copy of a Buffer's bytes as a standalone ArrayBuffer. */
export function toArrayBuffer(buf: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(buf.byteLength)
  new Uint8Array(out).set(buf)
  return out
}
