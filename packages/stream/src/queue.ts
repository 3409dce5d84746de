/**
 * The `for await` side of a stream: events wait in a queue until the loop asks for them (wx
 * cannot pause a request, so nothing is dropped), the error that ended the stream is thrown
 * once the queued events are read, and leaving the loop early (`break`, `return`, a throw)
 * closes the stream so the request stops.
 */

interface Waiter<E> {
  resolve(result: IteratorResult<E>): void
  reject(error: unknown): void
}

export class EventQueue<E> implements AsyncIterableIterator<E> {
  private items: E[] = []
  /** Index of the next item to read, so reading is not an O(n) `shift()`. */
  private head = 0
  private readonly waiters: Array<Waiter<E>> = []
  private ended = false
  private error: unknown = undefined
  private failed = false

  constructor(private readonly onReturn: () => void) {}

  push(item: E): void {
    const waiter = this.waiters.shift()
    if (waiter) waiter.resolve({ value: item, done: false })
    else this.items.push(item)
  }

  /** Ends the queue, with an error when `failed`. */
  end(failed: boolean, error?: unknown): void {
    if (this.ended) return
    this.ended = true
    this.failed = failed
    this.error = error
    for (const waiter of this.waiters.splice(0)) {
      if (failed) waiter.reject(error)
      else waiter.resolve({ value: undefined, done: true })
    }
  }

  next(): Promise<IteratorResult<E>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head++]!
      if (this.head === this.items.length) {
        this.items = []
        this.head = 0
      }
      return Promise.resolve({ value, done: false })
    }
    if (this.ended) {
      if (!this.failed) return Promise.resolve({ value: undefined, done: true })
      // Thrown once; the loop is over after that.
      this.failed = false
      return Promise.reject(this.error)
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  return(): Promise<IteratorResult<E>> {
    this.items = []
    this.head = 0
    this.onReturn()
    this.end(false)
    return Promise.resolve({ value: undefined, done: true })
  }

  [Symbol.asyncIterator](): this {
    return this
  }
}
