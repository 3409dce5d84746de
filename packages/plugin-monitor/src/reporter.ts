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
  isAbortError,
  sleep,
} from '@miniwire/core'
import { later } from './later'
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

/** The reporter of one monitor. */
export interface Reporter {
  /** Queues a record (if sampled); sends once a batch is full, else within `interval`. */
  add(record: MonitorRecord): void
  /**
   * Sends every queued record, a batch at a time; resolves when done or when a batch failed
   * past its retries (it stays queued).
   */
  flush(): Promise<void>
  /** Stops sending and waiting; queued records stay queued. */
  dispose(): void
}

/**
 * The reporter of one monitor, sending through `client`; `app` tells it when the device is
 * offline.
 */
export function createReporter(options: ResolvedReport, client: Client, app: AppState): Reporter {
  const { url, batchSize, interval, sampleRate, maxQueue, retryLimit, retryDelay } = options
  /** Records waiting to be sent, oldest first. */
  let queue: MonitorRecord[] = []
  /** Records dropped because the queue was full. */
  let dropped = 0
  let sending: Promise<void> | undefined
  /** Set by `flush()`: send partial batches too. */
  let all = false
  const stop = createAbortController()
  const signal = stop.signal

  /** Keeps the oldest records out once the queue is over its bound. */
  const bound = (): void => {
    const over = queue.length - maxQueue
    if (over > 0) {
      queue.splice(0, over)
      dropped += over
    }
  }

  /**
   * Sends full batches, or everything once `flush()` asked for it; nothing once disposed. A
   * failed batch goes back to the front of the queue and is tried again after a backoff, until
   * it is out of retries (or aborted): then it waits there for the next flush.
   */
  async function loop(): Promise<void> {
    for (let attempt = 0; !signal.aborted && queue.length >= (all ? 1 : batchSize); ) {
      const records = queue.splice(0, batchSize)
      try {
        if (attempt) await sleep(retryDelay * 2 ** (attempt - 1), { signal })
        // Offline: hold until the runtime reports the network back.
        if (await app.isOffline()) {
          await sleep(Infinity, { signal, wake: app.until((now) => now.online === true) })
        }
        const data: ReportBatch = { sentAt: Date.now(), dropped, records }
        await client.request({ url, method: 'POST', data, priority: 'low', signal, monitor: false })
        attempt = 0
      } catch (error) {
        // Back to the front, still within the queue's bound.
        queue = records.concat(queue)
        bound()
        // Aborted (disposed, or the app's abortAll) or out of retries: it stays queued.
        if (isAbortError(error) || attempt++ >= retryLimit) return
      }
    }
  }

  /** One sending loop at a time: a second call joins the running one (`loop` never rejects). */
  function drain(): Promise<void> {
    return (
      sending ||
      (sending = loop().then(() => {
        sending = undefined
        all = false
      }))
    )
  }

  const reporter: Reporter = {
    add(record) {
      if (sampleRate < 1 && Math.random() >= sampleRate) return
      queue.push(record)
      bound()
      if (queue.length >= batchSize) drain()
      else timer.arm()
    },
    flush() {
      timer.disarm()
      all = true
      return drain()
    },
    dispose() {
      timer.disarm()
      stop.abort('the monitor was disposed')
    },
  }
  // A partial batch waits at most `interval`.
  const timer = later(reporter.flush, interval)
  return reporter
}
