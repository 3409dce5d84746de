/**
 * The reporter: samples records into a bounded queue and POSTs them in batches through the
 * client at the scheduler's lowest priority, so reporting never delays the app's own requests.
 * It holds while the device is offline, retries a failed batch with backoff (core's abortable
 * `sleep`), and puts a batch that still failed back in the queue for the next flush. Its own
 * requests carry `monitor: false`, so they are never counted or reported.
 */
import {
  type AppState,
  type Client,
  createAbortController,
  getAppState,
  isAbortError,
  sleep,
} from '@miniwire/core'
import type { ResolvedReport } from './options'
import type { MonitorRecord } from './record'

/** The JSON body of one batch. */
export interface ReportBatch {
  /** When the batch was sent (ms since the epoch). */
  sentAt: number
  /** Records dropped so far because the queue was full. */
  dropped: number
  records: MonitorRecord[]
}

export class Reporter {
  /** Records waiting to be sent, oldest first. */
  queue: MonitorRecord[] = []
  /** Records dropped because the queue was full. */
  dropped = 0
  private sending: Promise<void> | undefined
  /** Set by `flush()`: send partial batches too. */
  private all = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly stop = createAbortController()
  private app: AppState | undefined

  constructor(
    private readonly options: ResolvedReport,
    private readonly client: Client,
  ) {
    try {
      this.app = getAppState(client.wx)
    } catch {
      // No runtime yet: sending will fail and wait like any other failure.
    }
  }

  /** Queues a record (if sampled); sends once a batch is full, else within `interval`. */
  add(record: MonitorRecord): void {
    const { sampleRate, maxQueue, batchSize, interval } = this.options
    if (sampleRate < 1 && Math.random() >= sampleRate) return
    this.queue.push(record)
    if (this.queue.length > maxQueue) {
      this.queue.shift()
      this.dropped++
    }
    if (this.queue.length >= batchSize) this.drain()
    else if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), interval)
  }

  /**
   * Sends every queued record, a batch at a time; resolves when done or when a batch failed
   * past its retries (it stays queued).
   */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.all = true
    return this.drain()
  }

  /** Stops sending and waiting; queued records stay in `queue`. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.stop.abort('the monitor was disposed')
  }

  /** One sending loop at a time: a second call joins the running one. */
  private drain(): Promise<void> {
    if (!this.sending) {
      const done = (): void => {
        this.sending = undefined
        this.all = false
      }
      this.sending = this.loop().then(done, done)
    }
    return this.sending
  }

  /** Sends full batches, or everything once `flush()` asked for it. */
  private async loop(): Promise<void> {
    const { batchSize, maxQueue } = this.options
    while (!this.stop.signal.aborted && this.queue.length >= (this.all ? 1 : batchSize)) {
      const batch = this.queue.splice(0, batchSize)
      if (!(await this.send(batch))) {
        // Back to the front, still within the queue's bound.
        this.queue = batch.concat(this.queue)
        const over = this.queue.length - maxQueue
        if (over > 0) {
          this.queue.splice(0, over)
          this.dropped += over
        }
        return
      }
    }
  }

  /** One batch with its retries; true once the collector took it. */
  private async send(records: MonitorRecord[]): Promise<boolean> {
    const { url, retryLimit, retryDelay } = this.options
    const signal = this.stop.signal
    for (let attempt = 0; ; attempt++) {
      try {
        await this.whileOffline()
        const data: ReportBatch = { sentAt: Date.now(), dropped: this.dropped, records }
        await this.client.request({
          url,
          method: 'POST',
          data,
          priority: 'low',
          signal,
          monitor: false,
        })
        return true
      } catch (error) {
        if (isAbortError(error) || signal.aborted || attempt >= retryLimit) return false
      }
      try {
        await sleep(retryDelay * 2 ** attempt, { signal })
      } catch {
        return false
      }
    }
  }

  /** Waits for the network to return when the runtime says it is gone. */
  private async whileOffline(): Promise<void> {
    const app = this.app
    if (!app || !(await app.isOffline())) return
    await sleep(Infinity, {
      signal: this.stop.signal,
      wake: (wake) => {
        if (app.online) {
          wake()
          return () => {}
        }
        return app.on('online', wake)
      },
    })
  }
}
