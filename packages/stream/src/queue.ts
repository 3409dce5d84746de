/**
 * The `for await` side of a stream: events wait in a queue until the loop asks for them (wx
 * cannot pause a request, so nothing is dropped), the error that ended the stream is thrown
 * once the queued events are read, and leaving the loop early (`break`, `return`, a throw)
 * calls `onReturn`, which closes the stream so the request stops. A `next()` with nothing to
 * read waits for the next change and asks again, so waiting loops are served in order.
 */

/** What `createEventQueue()` returns. */
export interface EventQueue<E> {
  push(event: E): void
  /** Ends the queue; `error` is thrown to the loop once the queued events are read. */
  end(error?: { error: unknown }): void
  next(): Promise<IteratorResult<E>>
  return(): Promise<IteratorResult<E>>
}

export function createEventQueue<E>(onReturn: () => void): EventQueue<E> {
  // Queues stay short (the loop reads as events come), so `shift()` is cheap enough here.
  let items: E[] = []
  let waiters: Array<() => void> = []
  let ended = false
  let failure: { error: unknown } | undefined

  function wake(): void {
    const woken = waiters
    waiters = []
    for (const waiter of woken) waiter()
  }

  function next(): Promise<IteratorResult<E>> {
    if (items.length > 0) return Promise.resolve({ value: items.shift()!, done: false })
    if (!ended) return new Promise<void>((resolve) => waiters.push(resolve)).then(next)
    const error = failure
    // Thrown once; the loop is over after that.
    failure = undefined
    return error ? Promise.reject(error.error) : Promise.resolve({ value: undefined, done: true })
  }

  function end(error?: { error: unknown }): void {
    if (ended) return
    ended = true
    failure = error
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
      end()
      items = []
      failure = undefined
      return next()
    },
  }
}
