/**
 * Every wx network task a transfer starts (`request`, `uploadFile`, `downloadFile`) goes through
 * `wxTask()`, run the way core's adapter runs `wx.request`: headers fresh from the client's defaults and the token source, so a token that
 * expires mid-upload is refreshed once (the server's 401) rather than failing the upload
 * (uppy#2675, tus-js-client#236); a slot in core's scheduler; the answer read the same way for
 * the three (JSON text parsed); a non-2xx answer is core's `HttpError`.
 */
import {
  AbortError,
  type AbortSignalLike,
  errorFromWxFail,
  followAbort,
  type ErrorRequestInfo,
  HttpError,
  type MiniwireResponse,
  type WxFailCause,
} from '@miniwire/core'
import { removeFile } from './fs'
import type { Runtime } from './target'

/** Lower-cases header names. */
export function lowerHeaders(headers: Record<string, string> | undefined) {
  const out: Record<string, string> = {}
  for (const name in headers) out[name.toLowerCase()] = headers[name]!
  return out
}

/** A header holding a byte count or offset: the integer ≥ 0, or `undefined` when it holds none. */
export function headerCount(headers: Record<string, string>, name: string): number | undefined {
  const value = Number(headers[name])
  return Number.isInteger(value) && value >= 0 ? value : undefined
}

/** Whether a status is a success (any 2xx). */
export const isOk = (status: number): boolean => status >= 200 && status < 300

/**
 * Parses a JSON text, as `wx.request` does with its default `dataType: 'json'` (uploadFile gives
 * its answer as text); anything else comes back as it is.
 */
export function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

/** How a task runs: the request it is (for errors), and the caller's controls. */
export interface TaskOptions {
  method: string
  /** Absolute. */
  url: string
  /** The caller's `header` option (the client's defaults and a bearer token come first). */
  header?: Record<string, string> | undefined
  /** This request's own headers (a Range, a protocol's; lower-case names), over the caller's. */
  headers?: Record<string, string> | undefined
  /** Milliseconds wx is given; named by a `TimeoutError`. */
  timeout: number
  signal?: AbortSignalLike | undefined
}

/** What a wx network task answers, whichever it was (a download: the file it wrote). */
interface WxAnswer {
  statusCode: number
  header?: Record<string, string>
  data?: unknown
  cookies?: string[]
  profile?: unknown
  filePath?: string
  tempFilePath?: string
}

/** A wx network task: what every one of them can do. */
interface WxTask {
  abort(): void
  onProgressUpdate(listener: (progress: Record<string, number>) => void): void
}

/** Hears a task's progress: bytes sent or written, and of how many. */
export type TaskProgress = (bytes: number, expected: number) => void

/**
 * Runs `wx[api]` with `params` and the request's URL, headers and timeout. Each try waits for a
 * slot in the runtime's scheduler (so transfers count toward wx's 10-task limit beside every
 * client's requests) and frees it when wx completes; the signal aborts the task; a wx `fail` is
 * mapped by core's `errorFromWxFail`. After a 401 it asks the token source for a fresh token
 * (one refresh shared by every caller) and tries once more. `progress` hears each task's
 * bytes sent (an upload) or written (a download). A download's `data` is the path of the file
 * wx wrote; a refused answer's file is removed before the status is checked. Rejects with
 * `HttpError` for a status outside 2xx.
 *
 * @example
 * const res = await wxTask(rt, 'request', { method: 'HEAD', url, timeout: 60_000 }, {})
 */
export async function wxTask<D = unknown>(
  rt: Runtime,
  api: 'request' | 'uploadFile' | 'downloadFile',
  o: TaskOptions,
  params: Record<string, unknown>,
  progress?: TaskProgress,
): Promise<MiniwireResponse<D>> {
  const { signal, timeout } = o
  const request: ErrorRequestInfo = { method: o.method, url: o.url }
  const aborted = () => new AbortError({ request, reason: signal && signal.reason })
  const tokens = rt.tokens
  let token = tokens ? await tokens.getToken({ signal } as { signal?: AbortSignalLike }) : undefined
  for (let refreshed = false; ; refreshed = true) {
    // The request's own headers are written lower-case; the caller's may be any case.
    const header = Object.assign({}, rt.headers, lowerHeaders(o.header), o.headers)
    if (token) header.authorization = `Bearer ${token}`
    const release = await rt.scheduler.acquire('normal', signal, aborted)
    const raw = await new Promise<WxAnswer>((resolve, reject) => {
      let task: WxTask | undefined
      const onAbort = (): void => {
        reject(aborted())
        if (task) task.abort()
      }
      const unfollow = followAbort(signal, onAbort)
      const complete = (): void => {
        unfollow()
        release()
      }
      // An abort between the slot and this line (onAbort has run): nothing is started.
      if (signal && signal.aborted) return complete()
      try {
        task = (rt.wx as unknown as Record<string, (options: object) => WxTask>)[api]!(
          // The request's URL and method (uploadFile and downloadFile ignore the method).
          Object.assign({ timeout, header }, request, params, {
            success: resolve,
            fail: (error: WxFailCause) => reject(errorFromWxFail(error, request, timeout)),
            complete,
          }),
        )
      } catch (error) {
        // A runtime that throws instead of calling `fail` still frees its slot.
        complete()
        return reject(error)
      }
      if (progress) {
        task.onProgressUpdate((p) =>
          progress(
            p.totalBytesSent || p.totalBytesWritten || 0,
            p.totalBytesExpectedToSend || p.totalBytesExpectedToWrite || 0,
          ),
        )
      }
    })
    const file = raw.filePath || raw.tempFilePath
    const response: MiniwireResponse<D> = {
      status: raw.statusCode,
      headers: lowerHeaders(raw.header),
      data: (file || parseBody(raw.data)) as D,
      cookies: raw.cookies || [],
      profile: raw.profile as MiniwireResponse['profile'],
    }
    if (isOk(response.status)) return response
    if (file) await removeFile(rt.fs, file)
    if (response.status === 401 && tokens && !refreshed) {
      // No token (signed out, then refused): `stale` stays undefined, as when it is not given.
      token = await tokens.refresh({ stale: token, signal } as { stale?: string })
      continue
    }
    throw new HttpError({ response, request })
  }
}

/** One request a transfer makes. */
export interface SendOptions extends TaskOptions {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE'
  data?: string | ArrayBuffer | Record<string, unknown> | undefined
}
