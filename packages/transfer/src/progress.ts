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

/** Sets the bytes done (and, when it became known, the total) and reports to the listener. */
export type ProgressMeter = (bytes: number, total?: number) => void

/**
 * Tracks one transfer (or a batch) for `listener`.
 *
 * @example
 * const meter = progressMeter(size, options.onProgress, alreadyUploaded)
 * meter(alreadyUploaded + sent)
 */
export function progressMeter(
  total: number,
  listener: ProgressListener | undefined,
  startBytes = 0,
): ProgressMeter {
  const started = Date.now()
  return (bytes, newTotal) => {
    if (newTotal !== undefined) total = newTotal
    const seconds = (Date.now() - started) / 1000
    const speed = seconds > 0 ? Math.max(0, bytes - startBytes) / seconds : 0
    const left = Math.max(0, total - bytes)
    if (listener) {
      listener({
        percent: total > 0 ? Math.min(100, Math.floor((bytes / total) * 100)) : bytes > 0 ? 100 : 0,
        bytes,
        total,
        speed,
        eta: left === 0 ? 0 : speed > 0 ? left / speed : Infinity,
      })
    }
  }
}
