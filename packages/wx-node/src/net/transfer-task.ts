/**
 * The task object `uploadFile` and `downloadFile` return: `abort` plus progress and
 * headers-received listeners. Both APIs share the shape; only their typings differ.
 */
import { Listeners } from '../listeners'

interface TransferTask {
  abort(): void
  onProgressUpdate(listener: unknown): void
  offProgressUpdate(listener?: unknown): void
  onHeadersReceived(listener: unknown): void
  offHeadersReceived(listener?: unknown): void
}

/**
 * @param abort stops the exchange
 * @param progress the task's progress listeners, fed by the caller
 * @param headers the task's headers-received listeners, fed by the caller
 */
export function transferTask<T extends TransferTask>(
  abort: () => void,
  progress: Listeners<any>,
  headers: Listeners<any>,
): T {
  const task: TransferTask = {
    abort,
    onProgressUpdate: (fn) => progress.on(fn),
    offProgressUpdate: (fn) => progress.off(fn),
    onHeadersReceived: (fn) => headers.on(fn),
    offHeadersReceived: (fn) => headers.off(fn),
  }
  return task as T
}

/** The task given back when the call failed before anything was sent: every method is inert. */
export function deadTransferTask<T extends TransferTask>(): T {
  return transferTask<T>(() => {}, new Listeners(), new Listeners())
}
