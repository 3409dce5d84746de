/**
 * The task scheduler: wx runs at most 10 request / upload / download tasks at once (some
 * versions fail the 11th with errno 600007), so miniwire queues beyond the limit itself. One
 * scheduler per runtime object, shared by every client (and by `@miniwire/transfer`) on it.
 * Priorities high / normal / low, FIFO within one; a waiting task passed over `agingLimit`
 * times is served next, so low priority never starves.
 */
import type { AbortSignalLike } from './abort'
import { followAbort } from './kit/follow'
import { runtimeService } from './kit/services'
import type { Priority } from './types'

/** Frees the slot; calling it again does nothing. */
export type Release = () => void

interface Waiter {
  resolve: (release: Release) => void
  /** Stops listening to the waiter's signal. */
  unfollow: () => void
  /** The grant count when it started waiting. */
  mark: number
}

/** Queue index of each priority; anything else waits as normal. */
const RANK: Record<string, number> = { high: 0, normal: 1, low: 2 }

/** A counting semaphore with priorities. */
export class Scheduler {
  /** Tasks allowed at once. */
  limit: number
  /** Grants a waiter may be passed over before it is served first. */
  agingLimit: number
  private _running = 0
  private _grants = 0
  /** Waiters by priority: high, normal, low. */
  private _queues: Waiter[][] = [[], [], []]

  /**
   * @param limit @default 10
   * @param agingLimit @default 16
   */
  constructor(limit = 10, agingLimit = 16) {
    this.limit = limit
    this.agingLimit = agingLimit
  }

  /** Tasks holding a slot now. */
  get active(): number {
    return this._running
  }

  /** Tasks waiting for a slot. */
  get pending(): number {
    const q = this._queues
    return q[0]!.length + q[1]!.length + q[2]!.length
  }

  /** A slot at once when one is free and nobody waits; otherwise `undefined`. */
  tryAcquire(): Release | undefined {
    return this._take() ? this._release() : undefined
  }

  /**
   * @internal takes a free slot if nobody waits, without making a `Release`: the adapter
   * frees it with `_give()` from wx's `complete`, which runs once per task.
   */
  _take(): boolean {
    if (this._running >= this.limit || this.pending) return false
    this._running++
    this._grants++
    return true
  }

  /** @internal frees a slot taken with `_take()` and serves the queue. */
  _give(): void {
    this._running--
    this._drain()
  }

  /**
   * Waits for a slot. Rejects with `abortError()` if `signal` aborts while waiting; the waiter
   * leaves the queue and takes no slot.
   *
   * @example
   * const release = await scheduler.acquire('high')
   * try { await send() } finally { release() }
   */
  acquire(
    priority: Priority = 'normal',
    signal?: AbortSignalLike,
    abortError: () => unknown = () => signal && signal.reason,
  ): Promise<Release> {
    const free = this.tryAcquire()
    if (free) return Promise.resolve(free)
    return new Promise<Release>((resolve, reject) => {
      if (signal && signal.aborted) return reject(abortError())
      const queue = this._queues[RANK[priority]!] || this._queues[1]!
      const waiter: Waiter = {
        resolve,
        unfollow: followAbort(signal, () => {
          const i = queue.indexOf(waiter)
          if (i >= 0) queue.splice(i, 1)
          reject(abortError())
        }),
        mark: this._grants,
      }
      queue.push(waiter)
    })
  }

  /** A slot already counted as taken, freed once however often it is called. */
  private _release(): Release {
    let done = false
    return () => {
      if (done) return
      done = true
      this._give()
    }
  }

  private _drain(): void {
    while (this._running < this.limit) {
      // The first non-empty queue, unless a later queue's head has waited `agingLimit` grants.
      let queue: Waiter[] | undefined
      for (const q of this._queues) {
        if (!q.length) continue
        if (!queue) queue = q
        else if (this._grants - q[0]!.mark >= this.agingLimit) {
          queue = q
          break
        }
      }
      if (!queue) return
      const waiter = queue.shift()!
      waiter.unfollow()
      this._running++
      this._grants++
      waiter.resolve(this._release())
    }
  }
}

/**
 * The scheduler of a runtime object, made on first use. Every client on the same `wx` shares
 * it, so the platform's limit holds app-wide.
 *
 * @example
 * getScheduler(wx).limit = 6
 */
export function getScheduler(runtime: object, limit?: number): Scheduler {
  const scheduler = runtimeService(runtime, 'scheduler', () => new Scheduler(limit))
  if (limit !== undefined) scheduler.limit = limit
  return scheduler
}
