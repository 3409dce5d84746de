/**
 * A tiny listener list for wx's `onX` / `offX` pairs, app-level (`onAppShow`) and task-level
 * (`onHeadersReceived`, `onProgressUpdate`, socket events): `off` with a function removes that
 * one, `off` without arguments removes all (wx's documented behaviour for `offAppShow` and kin).
 */
export class Listeners<T> {
  private readonly fns: Array<(value: T) => void> = []

  add(fn: unknown, api: string): void {
    if (typeof fn !== 'function') throw new TypeError(`wx.${api} expects a function listener`)
    this.fns.push(fn as (value: T) => void)
  }

  /** Task-level `onX`: a non-function is ignored, as wx's tasks do. */
  on(fn: unknown): void {
    if (typeof fn === 'function') this.fns.push(fn as (value: T) => void)
  }

  /** Task-level `offX`. */
  off(fn?: unknown): void {
    this.remove(fn)
  }

  remove(fn?: unknown): void {
    if (fn === undefined) {
      this.fns.length = 0
      return
    }
    const i = this.fns.indexOf(fn as (value: T) => void)
    if (i >= 0) this.fns.splice(i, 1)
  }

  get size(): number {
    return this.fns.length
  }

  /** Calls each listener; one that throws does not stop the others (its error surfaces later). */
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

  clear(): void {
    this.fns.length = 0
  }
}
