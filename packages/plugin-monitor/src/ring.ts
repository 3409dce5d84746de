/**
 * A fixed-size ring of the latest items: adding overwrites the oldest once full, so history,
 * recent errors and slow requests cost the same memory after a million requests as after a
 * hundred, and adding never copies the array.
 */
export class Ring<T> {
  private items: T[] = []
  private next = 0

  /** @param limit items kept; 0 keeps none */
  constructor(readonly limit: number) {}

  push(item: T): void {
    if (this.limit === 0) return
    if (this.items.length < this.limit) this.items.push(item)
    else this.items[this.next] = item
    this.next = (this.next + 1) % this.limit
  }

  /** The items, oldest first. */
  toArray(): T[] {
    const { items, next } = this
    return items.length < this.limit
      ? items.slice()
      : items.slice(next).concat(items.slice(0, next))
  }

  /** Replaces the content with `items` (the latest `limit` of them). */
  load(items: readonly T[]): void {
    this.clear()
    for (const item of items.slice(-this.limit || items.length)) this.push(item)
  }

  clear(): void {
    this.items = []
    this.next = 0
  }
}
