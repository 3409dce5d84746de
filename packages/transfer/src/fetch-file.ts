/**
 * One `wx.downloadFile` in core's scheduler with fresh token headers. wx writes any status to
 * disk; a non-2xx answer's file is no download, so it is removed before `HttpError` is thrown.
 */
import type { AbortSignalLike, Priority } from '@miniwire/core'
import { fileSystem, removeFile } from './fs'
import { authorized, lowerHeaders } from './http'
import type { Runtime } from './target'
import { runTask } from './task'

/** One `wx.downloadFile`; a non-2xx answer removes what wx wrote and throws `HttpError`. */
export async function fetchFile(
  rt: Runtime,
  url: string,
  o: { timeout: number; signal?: AbortSignalLike | undefined; priority?: Priority | undefined },
  header: Record<string, string> | undefined,
  filePath: string | undefined,
  onBytes: ((written: number, expected: number) => void) | undefined,
): Promise<{ path: string; status: number; headers: Record<string, string> }> {
  const request = { method: 'GET', url }
  const fs = fileSystem(rt, 'download()')
  let path = ''
  const response = await authorized(rt, request, header, o.signal, async (all) => {
    const res = await runTask<
      WechatMiniprogram.DownloadFileSuccessCallbackResult,
      WechatMiniprogram.DownloadTask
    >(
      rt,
      { request, timeout: o.timeout, signal: o.signal, priority: o.priority },
      (callbacks) =>
        rt.wx.downloadFile!(
          Object.assign(
            { url, header: all, timeout: o.timeout },
            filePath ? { filePath } : {},
            callbacks,
          ),
        ),
      (task) => {
        if (onBytes)
          task.onProgressUpdate((p) => onBytes(p.totalBytesWritten, p.totalBytesExpectedToWrite))
      },
    )
    path = res.filePath || res.tempFilePath
    const status = res.statusCode
    // A refused answer's body is no file: remove it before the status check throws.
    if (status < 200 || status >= 300) await removeFile(fs, path)
    return {
      status,
      headers: lowerHeaders((res as { header?: Record<string, string> }).header),
      data: undefined,
      cookies: [],
      profile: res.profile,
    }
  })
  return { path, status: response.status, headers: response.headers }
}
