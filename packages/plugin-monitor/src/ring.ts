/**
 * A fixed-size ring of the latest items: adding overwrites the oldest once full, so history and
 * recent errors cost the same memory after a million requests as after a hundred, and adding
 * never copies or grows the array past its limit.
 */

/** The latest `limit` items. */
export interface Ring<T> {
  push(item: T): void
  /** The items, oldest first. */
  toArray(): T[]
}

/**
 * A ring of at most `limit` items (0 keeps none), filled with the latest of `items` if given.
 * @example const history = ring<MonitorRecord>(100)
 */
export function ring<T>(limit: number, items: readonly T[] = []): Ring<T> {
  const kept: T[] = []
  // Where the next item goes: the end of `kept` until it is full, then the oldest item.
  let next = 0
  const self: Ring<T> = {
    push(item) {
      if (!limit) return
      kept[next] = item
      next = (next + 1) % limit
    },
    toArray: () => kept.slice(next).concat(kept.slice(0, next)),
  }
  items.slice(-limit).forEach(self.push)
  return self
}
