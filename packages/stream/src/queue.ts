/**
 * The `for await` side of a stream: events wait in a queue until the loop asks for them (wx
 * cannot pause a request, so nothing is dropped), the error that ended the stream is thrown
 * once the queued events are read, and leaving the loop early (`break`, `return`, a throw)
 * calls `onReturn`, which closes the stream so the request stops.
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
  let waiters: Array<{ resolve(result: IteratorResult<E>): void; reject(error: unknown): void }> =
    []
  let ended = false
  let failure: { error: unknown } | undefined
  const over = (): Promise<IteratorResult<E>> => Promise.resolve({ value: undefined, done: true })

  function end(error?: { error: unknown }): void {
    if (ended) return
    ended = true
    failure = error
    for (const waiter of waiters) {
      if (error) waiter.reject(error.error)
      else waiter.resolve({ value: undefined, done: true })
    }
    waiters = []
  }

  return {
    push(event) {
      const waiter = waiters.shift()
      if (waiter) waiter.resolve({ value: event, done: false })
      else items.push(event)
    },
    end,
    next() {
      if (items.length > 0) return Promise.resolve({ value: items.shift()!, done: false })
      if (!ended) return new Promise((resolve, reject) => waiters.push({ resolve, reject }))
      const error = failure
      // Thrown once; the loop is over after that.
      failure = undefined
      return error ? Promise.reject(error.error) : over()
    },
    return() {
      items = []
      onReturn()
      end()
      return over()
    },
  }
}
