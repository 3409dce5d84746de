/**
 * The task scheduler: wx runs at most 10 request / upload / download tasks at once (some
 * versions fail the 11th with errno 600007), so miniwire queues beyond the limit itself. One
 * scheduler per runtime object, shared by every client (and by `@miniwire/transfer`) on it.
 * Priorities high / normal / low, FIFO within one; a waiting task passed over `agingLimit`
 * times is served next, so low priority never starves.
 */
import type { AbortSignalLike } from './abort'
import type { Priority } from './types'

/** Frees the slot; calling it again does nothing. */
export type Release = () => void

interface Waiter {
  resolve: (release: Release) => void
  reject: (error: unknown) => void
  signal: AbortSignalLike | undefined
  onAbort: (() => void) | undefined
  mark: number
}

const ORDER: readonly Priority[] = ['high', 'normal', 'low']

/** A counting semaphore with priorities. */
export class Scheduler {
  /** Tasks allowed at once. */
  limit: number
  /** Grants a waiter may be passed over before it is served first. */
  agingLimit: number
  private running = 0
  private grants = 0
  private queues: Record<Priority, Waiter[]> = { high: [], normal: [], low: [] }

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
    return this.running
  }

  /** Tasks waiting for a slot. */
  get pending(): number {
    return this.queues.high.length + this.queues.normal.length + this.queues.low.length
  }

  /** A slot at once when one is free and nobody waits; otherwise `undefined`. */
  tryAcquire(): Release | undefined {
    if (this.running >= this.limit || this.pending > 0) return undefined
    return this.grant()
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
    abortError: () => unknown = () => signal?.reason,
  ): Promise<Release> {
    const free = this.tryAcquire()
    if (free) return Promise.resolve(free)
    return new Promise<Release>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError())
      const queue = this.queues[priority] ?? this.queues.normal
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined, mark: this.grants }
      if (signal) {
        waiter.onAbort = () => {
          const i = queue.indexOf(waiter)
          if (i >= 0) queue.splice(i, 1)
          reject(abortError())
        }
        signal.addEventListener('abort', waiter.onAbort)
      }
      queue.push(waiter)
    })
  }

  private grant(): Release {
    this.running++
    this.grants++
    let done = false
    return () => {
      if (done) return
      done = true
      this.running--
      this.drain()
    }
  }

  private next(): Waiter | undefined {
    let first: Waiter[] | undefined
    for (const priority of ORDER) {
      const queue = this.queues[priority]
      if (!queue.length) continue
      if (!first) first = queue
      else if (this.grants - queue[0]!.mark >= this.agingLimit) return queue.shift()
    }
    return first?.shift()
  }

  private drain(): void {
    while (this.running < this.limit) {
      const waiter = this.next()
      if (!waiter) return
      if (waiter.signal && waiter.onAbort)
        waiter.signal.removeEventListener('abort', waiter.onAbort)
      waiter.resolve(this.grant())
    }
  }
}

const schedulers = new WeakMap<object, Scheduler>()

/**
 * The scheduler of a runtime object, made on first use. Every client on the same `wx` shares
 * it, so the platform's limit holds app-wide.
 *
 * @example
 * getScheduler(wx).limit = 6
 */
export function getScheduler(runtime: object, limit?: number): Scheduler {
  let scheduler = schedulers.get(runtime)
  if (!scheduler) schedulers.set(runtime, (scheduler = new Scheduler(limit)))
  else if (limit !== undefined) scheduler.limit = limit
  return scheduler
}
