/**
 * One `wx.downloadFile` in core's scheduler with fresh token headers. wx writes any status to
 * disk; a non-2xx answer's file is no download, so it is removed before `HttpError` is thrown.
 */
import { removeFile } from './fs'
import { isOk, type TaskOptions, wxTask } from './http'
import type { Runtime } from './target'

/** One `wx.downloadFile` (`o.method` is GET); a non-2xx answer removes what wx wrote and throws `HttpError`. */
export async function fetchFile(
  rt: Runtime,
  o: TaskOptions,
  filePath: string | undefined,
  onBytes: (written: number, expected: number) => void,
): Promise<{ path: string; status: number }> {
  const fs = rt.fs
  let path = ''
  const response = await wxTask<WechatMiniprogram.DownloadFileSuccessCallbackResult>(
    rt,
    'downloadFile',
    o,
    filePath ? { filePath } : {},
    (task) =>
      task.onProgressUpdate((p) => onBytes(p.totalBytesWritten, p.totalBytesExpectedToWrite)),
    (res) => {
      path = res.filePath || res.tempFilePath
      // A refused answer's body is no file: remove it before the status check throws.
      return isOk(res.statusCode) || removeFile(fs, path)
    },
  )
  return { path, status: response.status }
}
