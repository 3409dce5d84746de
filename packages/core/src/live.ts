import { MiniAbortSignal } from './abort'

/**
 * A request's `ctx.signal`, linked into a ring of the client family's live requests for
 * `abortAll` / `abortGroup`: O(1) in and out, nothing else allocated. The ring's head is a
 * signal that never fires.
 */
export class Live extends MiniAbortSignal {
  _prev: Live
  _next: Live
  _group: string | undefined

  constructor(head?: Live, group?: string) {
    super()
    this._group = group
    this._prev = head || this
    this._next = head ? head._next : this
    if (head) head._next = head._next._prev = this
  }

  _unlink(): void {
    this._prev._next = this._next
    this._next._prev = this._prev
  }
}
