/**
 * `download()`: `wx.downloadFile` in core's scheduler with progress and abort. Any 2xx is a
 * success (the seed guide failed a 206); any other status is `HttpError`, and the file wx wrote
 * for it is removed. wx refuses files over 200 MB, so a HEAD asks the size first and a larger
 * file is refused before a byte is written. With `resume`, the file comes in `Range` pieces
 * appended to `<target>.part`, so an interrupted download (even a killed app) continues where
 * it stopped, when the server honours ranges.
 */
import {
  type AbortSignalLike,
  checks,
  defineOptions,
  invalidOption,
  isHttpError,
} from '@miniwire/core'
import { FileTooLargeError } from './errors'
import { fileOp, removeFile, statFile } from './fs'
import { headerCount, type TaskOptions, wxTask } from './http'
import { type ProgressListener, progressMeter } from './progress'
import { begin, commonSchema, type TransferTarget } from './target'

/** wx's limit for one downloaded file. */
const MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024

/** Options of `download()`. */
export interface DownloadOptions extends TransferTarget {
  /** Where to write it (under `wx.env.USER_DATA_PATH`). @default a temp file */
  filePath?: string
  /** A name under `wx.env.USER_DATA_PATH`: the file is kept, not a temp file. */
  fileName?: string
  /** Request headers (the client's defaults and a bearer token come first). */
  header?: Record<string, string>
  /** @default 60000 */
  timeout?: number
  signal?: AbortSignalLike
  onProgress?: ProgressListener
  /**
   * Refuse files larger than this, checked with HEAD first when the server gives a length.
   * @default 209715200 (200 MB, wx's limit)
   */
  maxBytes?: number
  /**
   * Ask the size with HEAD before downloading.
   * @default true
   */
  checkSize?: boolean
  /**
   * Download in `Range` pieces of this many bytes into `<filePath>.part`, so a later call
   * continues an interrupted download. Needs `filePath` or `fileName`.
   * @default false
   */
  resume?: boolean
  /** @default 4194304 (4 MB) */
  chunkSize?: number
}

/** What a download resolves with. */
export interface DownloadResult {
  /** The file: the target, or wx's temp file. */
  filePath: string
  /** The last status (200, 206, …). */
  status: number
  /** Bytes, when known. */
  size: number | undefined
}

type Resolved = DownloadOptions & { timeout: number; maxBytes: number; chunkSize: number }

export const downloadOptions = defineOptions<DownloadOptions, Resolved>({
  key: 'download',
  schema: Object.assign({}, commonSchema, {
    filePath: checks.string,
    fileName: checks.string,
    maxBytes: checks.integer(1),
    checkSize: checks.boolean,
    resume: checks.boolean,
    chunkSize: checks.integer(1),
  }),
  defaults: {
    timeout: 60_000,
    maxBytes: MAX_DOWNLOAD_BYTES,
    checkSize: true,
    resume: false,
    chunkSize: 4 * 1024 * 1024,
  },
})

/**
 * Downloads a file.
 *
 * @example
 * const { filePath } = await download('/files/report.pdf', { client, fileName: 'report.pdf',
 *   onProgress: (p) => console.log(p.percent) })
 */
export async function download(
  url: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const [o, rt] = begin(downloadOptions, options, ['downloadFile'], { url })
  const fs = rt.fs
  // A name is kept under USER_DATA_PATH, which wx always sets.
  const file = o.filePath || (o.fileName ? `${rt.wx.env!.USER_DATA_PATH}/${o.fileName}` : undefined)
  if (o.resume && !file) throw invalidOption('download(): resume needs filePath or fileName')
  const href = rt.url(url)
  const task = (method: string, headers?: Record<string, string>): TaskOptions =>
    Object.assign({}, o, { method, url: href, headers })

  let size: number | undefined
  let ranges = false
  if (o.checkSize || o.resume) {
    try {
      const { headers } = await wxTask(rt, 'request', task('HEAD'), {})
      size = headerCount(headers, 'content-length')
      ranges = headers['accept-ranges'] === 'bytes'
    } catch (error) {
      // A server without HEAD still serves the file: the limit is then checked by wx itself.
      if (!isHttpError(error)) throw error
    }
  }
  if (size !== undefined && size > o.maxBytes) {
    throw new FileTooLargeError({
      size,
      limit: o.maxBytes,
      request: { method: 'GET', url: href },
    })
  }
  // With `resume`, Range pieces are appended to `<file>.part`, which becomes the file when
  // complete; else (total 0, as for an empty file) one task writes the whole file (to the
  // target, or a temp file).
  const total = (o.resume && ranges && size) || 0
  const part = `${file}.part`
  let have = total
    ? await statFile(fs, part).then(
        (s) => s.size,
        () => 0,
      )
    : 0
  // A part file longer than the file is no part of it: the first piece replaces it.
  if (have > total) have = 0
  const meter = progressMeter(size || 0, o.onProgress, have)
  for (;;) {
    const end = Math.min(total, have + o.chunkSize) - 1
    // A download's data is the file wx wrote (a refused answer's is already removed).
    const { status, data: path } = await wxTask<string>(
      rt,
      'downloadFile',
      task('GET', total ? { range: `bytes=${have}-${end}` } : undefined),
      total || !file ? {} : { filePath: file },
      (written, expected) => meter(have + written, total || expected),
    )
    if (!total) return { filePath: path, status, size }
    if (status === 206 && have) {
      try {
        // A piece is at most chunkSize bytes: read whole and appended to the part file.
        const piece = await fileOp<{ data: ArrayBuffer }>(fs, 'readFile', path)
        await fileOp(fs, 'appendFile', part, { data: piece.data })
      } finally {
        await removeFile(fs, path)
      }
    } else {
      // The first piece, or the whole file when the server sent it after all, becomes the part
      // file as wx wrote it (wx's saveFile and rename replace what is there).
      await fileOp(fs, 'saveFile', part, { tempFilePath: path })
    }
    have = status === 206 ? end + 1 : total
    meter(have)
    if (have >= total) {
      await fileOp(fs, 'rename', file!, { oldPath: part, newPath: file })
      return { filePath: file!, status, size }
    }
  }
}
