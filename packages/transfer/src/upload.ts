/**
 * `upload()`: one file with `wx.uploadFile` (a multipart POST of the whole file), in core's
 * scheduler, with progress, abort, timeout, fresh token headers, `HttpError` for a non-2xx
 * answer and the JSON body parsed (wx gives it as a string).
 */
import { type AbortSignalLike, checks, defineOptions } from '@miniwire/core'
import { wxTask } from './http'
import { type ProgressListener, progressMeter } from './progress'
import { begin, commonSchema, type TransferTarget } from './target'

/** Options of `upload()`. */
export interface UploadOptions extends TransferTarget {
  /** Where to send it: absolute, or relative to the client's `baseURL`. */
  url: string
  /**
   * The multipart field name of the file.
   * @default 'file'
   */
  name?: string
  /** Other multipart fields. */
  formData?: Record<string, string | number | boolean>
  /** Request headers (the client's defaults and a bearer token come first). */
  header?: Record<string, string>
  /**
   * Milliseconds before wx gives up.
   * @default 60000
   */
  timeout?: number
  signal?: AbortSignalLike
  /** Called as bytes go out: percent, bytes, speed, ETA. */
  onProgress?: ProgressListener
}

/** What an upload resolves with. */
export interface UploadResult<T = unknown> {
  status: number
  /** The body, JSON-parsed when it is JSON. */
  data: T
  /** The file that was sent. */
  filePath: string
}

type ResolvedUpload = UploadOptions & { name: string; timeout: number }

export const uploadOptions = defineOptions<UploadOptions, ResolvedUpload>({
  key: 'upload',
  schema: Object.assign({}, commonSchema, {
    url: checks.string,
    name: checks.string,
    formData: checks.object,
  }),
  defaults: { name: 'file', timeout: 60_000 } as ResolvedUpload,
})

/**
 * Uploads one file with `wx.uploadFile`.
 *
 * @example
 * const { data } = await upload(tempFilePath, {
 *   client, url: '/upload', formData: { album: 'trip' },
 *   onProgress: (p) => console.log(`${p.percent}% ${p.speed} B/s`),
 * })
 */
export async function upload<T = unknown>(
  filePath: string,
  options: UploadOptions,
): Promise<UploadResult<T>> {
  const [o, rt] = begin(uploadOptions, options, ['uploadFile'], {
    filePath,
    url: options && options.url,
  })
  const meter = progressMeter(0, o.onProgress)
  const response = await wxTask(
    rt,
    'uploadFile',
    Object.assign({}, o, { method: 'POST', url: rt.url(o.url) }),
    { filePath, name: o.name, formData: o.formData },
    meter,
  )
  return { status: response.status, data: response.data as T, filePath }
}
