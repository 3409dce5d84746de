/**
 * The `for await` side of a stream: events wait in a queue until the loop asks for them (wx
 * cannot pause a request, so nothing is dropped); once the stream has ended and the queued
 * events are read, `next()` settles as the stream's `done` does (a rejection is the error that
 * ended it). Leaving the loop early (`break`, `return`, a throw) calls `onReturn`, which closes
 * the stream so the request stops. A `next()` with nothing to read waits for the next change
 * and asks again, so waiting loops are served in order.
 */

/** What `next()` gives once the stream is over. */
const OVER: IteratorReturnResult<undefined> = { value: undefined, done: true }

/** What `createEventQueue()` returns. */
export interface EventQueue<E> {
  push(event: E): void
  /** Ends the queue: once the queued events are read, `next()` settles as `done` does. */
  end(done: Promise<unknown>): void
  next(): Promise<IteratorResult<E>>
  return(): Promise<IteratorResult<E>>
}

export function createEventQueue<E>(onReturn: () => void): EventQueue<E> {
  // Queues stay short (the loop reads as events come), so `shift()` is cheap enough here.
  let items: E[] = []
  let waiters: Array<() => void> = []
  let ended: Promise<unknown> | undefined

  function wake(): void {
    const woken = waiters
    waiters = []
    for (const waiter of woken) waiter()
  }

  function next(): Promise<IteratorResult<E>> {
    if (items.length > 0) return Promise.resolve({ value: items.shift()!, done: false })
    if (ended) return ended.then(() => OVER)
    return new Promise<void>((resolve) => waiters.push(resolve)).then(next)
  }

  function end(done: Promise<unknown>): void {
    ended = done
    wake()
  }

  return {
    push(event) {
      items.push(event)
      wake()
    },
    end,
    next,
    return() {
      onReturn()
      items = []
      // Whatever ended the stream, the loop that left it is over.
      end(Promise.resolve())
      return next()
    },
  }
}
