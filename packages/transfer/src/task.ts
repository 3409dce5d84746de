/**
 * One wx network task (`request`, `uploadFile`, `downloadFile`) run the way core's adapter runs
 * `wx.request`: it waits for a slot in the runtime's scheduler (so transfers count toward wx's
 * 10-task limit beside every client's requests), frees the slot when wx completes, aborts the
 * task when the signal fires, and maps a wx `fail` with core's `errorFromWxFail`.
 */
import {
  AbortError,
  type AbortSignalLike,
  type ErrorRequestInfo,
  errorFromWxFail,
  type Priority,
  type WxFailCause,
} from '@miniwire/core'
import type { Runtime } from './target'

/** How a task is run. */
export interface TaskControl {
  /** Names the task in errors. */
  request: ErrorRequestInfo
  /** The timeout wx is given, in ms; named by a `TimeoutError`. */
  timeout: number
  signal?: AbortSignalLike | undefined
  /** @default 'normal' */
  priority?: Priority | undefined
}

/** The callbacks a task's wx options get. */
export interface TaskCallbacks<R> {
  success(result: R): void
  fail(error: WxFailCause): void
  complete(): void
}

/** What every wx task can do. */
interface AnyTask {
  abort(): void
}

/** The `AbortError` of a task. */
export function abortedTask(control: TaskControl): AbortError {
  return new AbortError({
    request: control.request,
    reason: control.signal && control.signal.reason,
  })
}

/**
 * Runs the task `start` makes once a scheduler slot is free; `onTask` gets the task (for
 * progress listeners). Resolves with wx's success result.
 *
 * @example
 * const res = await runTask(rt, control, (cb) => wx.downloadFile({ url, ...cb }))
 */
export function runTask<R, T extends AnyTask>(
  rt: Runtime,
  control: TaskControl,
  start: (callbacks: TaskCallbacks<R>) => T,
  onTask?: (task: T) => void,
): Promise<R> {
  const { signal, request, timeout } = control
  const aborted = () => abortedTask(control)
  return rt.scheduler.acquire(control.priority || 'normal', signal, aborted).then(
    (release) =>
      new Promise<R>((resolve, reject) => {
        if (signal && signal.aborted) {
          release()
          reject(aborted())
          return
        }
        let task: T | undefined
        const onAbort = (): void => {
          reject(aborted())
          if (task) task.abort()
        }
        const callbacks: TaskCallbacks<R> = {
          success: resolve,
          fail: (error) => reject(errorFromWxFail(error, request, timeout)),
          complete: () => {
            if (signal) signal.removeEventListener('abort', onAbort)
            release()
          },
        }
        if (signal) signal.addEventListener('abort', onAbort)
        try {
          task = start(callbacks)
        } catch (error) {
          // A runtime that throws instead of calling `fail` still frees its slot.
          callbacks.complete()
          reject(error)
          return
        }
        if (onTask) onTask(task)
      }),
  )
}
