/**
 * The shared cap on concurrent request / uploadFile / downloadFile tasks (10 on wx). Beyond it
 * a task waits in FIFO order, or is refused when the runtime is configured to fail, as some
 * base library versions do with errno 600007.
 */

/** A place in the slots: running, waiting, or finished. */
export interface SlotTicket {
  readonly state: 'waiting' | 'running' | 'done'
  /** Gives the slot back (or leaves the queue). Idempotent. */
  release(): void
}

interface Entry {
  state: 'waiting' | 'running' | 'done'
  start: () => void
  release(): void
}

export class TaskSlots {
  private running = 0
  private readonly queue: Entry[] = []

  constructor(
    private readonly limit: number,
    private readonly overflow: 'queue' | 'fail',
  ) {}

  get active(): number {
    return this.running
  }

  get waiting(): number {
    return this.queue.length
  }

  /**
   * Asks for a slot. `start` runs synchronously when one is free, or later when it frees up.
   * Returns `null` when full and the overflow policy is `'fail'`.
   */
  acquire(start: () => void): SlotTicket | null {
    if (this.running >= this.limit && this.overflow === 'fail') return null
    const entry: Entry = {
      state: 'waiting',
      start,
      release: () => {
        if (entry.state === 'done') return
        const wasRunning = entry.state === 'running'
        entry.state = 'done'
        if (wasRunning) {
          this.running--
          this.pump()
        } else {
          const i = this.queue.indexOf(entry)
          if (i >= 0) this.queue.splice(i, 1)
        }
      },
    }
    this.queue.push(entry)
    this.pump()
    return entry
  }

  private pump(): void {
    while (this.running < this.limit && this.queue.length > 0) {
      const next = this.queue.shift()!
      next.state = 'running'
      this.running++
      next.start()
    }
  }
}
