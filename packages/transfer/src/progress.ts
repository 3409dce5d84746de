/**
 * Progress as people read it: percent, bytes, speed and time left. Speed is averaged over the
 * bytes moved in this run (a resumed upload's earlier bytes do not inflate it).
 */

/** What `onProgress` receives. */
export interface TransferProgress {
  /** 0–100, whole numbers. */
  percent: number
  /** Bytes done (a resumed upload counts the bytes the server already had). */
  bytes: number
  /** Bytes in all; 0 when unknown. */
  total: number
  /** Bytes per second in this run. */
  speed: number
  /** Seconds left at that speed; `Infinity` while unknown. */
  eta: number
}

/** A progress listener. */
export type ProgressListener = (progress: TransferProgress) => void

/** Tracks one transfer (or a batch) and reports to `listener`. */
export interface ProgressMeter {
  /** Sets the bytes done and reports. */
  set(bytes: number, total?: number): void
  /** The last report. */
  readonly last: TransferProgress
}

/**
 * @example
 * const meter = progressMeter(size, options.onProgress, alreadyUploaded)
 * meter.set(alreadyUploaded + sent)
 */
export function progressMeter(
  total: number,
  listener: ProgressListener | undefined,
  startBytes = 0,
): ProgressMeter {
  const started = Date.now()
  const meter = {
    last: { percent: 0, bytes: startBytes, total, speed: 0, eta: Infinity } as TransferProgress,
    set(bytes: number, newTotal?: number) {
      if (newTotal !== undefined) total = newTotal
      const seconds = (Date.now() - started) / 1000
      const speed = seconds > 0 ? Math.max(0, bytes - startBytes) / seconds : 0
      const left = Math.max(0, total - bytes)
      meter.last = {
        percent: total > 0 ? Math.min(100, Math.floor((bytes / total) * 100)) : bytes > 0 ? 100 : 0,
        bytes,
        total,
        speed,
        eta: left === 0 ? 0 : speed > 0 ? left / speed : Infinity,
      }
      if (listener) listener(meter.last)
    },
  }
  return meter
}
