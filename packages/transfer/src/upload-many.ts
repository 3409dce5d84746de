/**
 * `uploadMany()` and `chooseAndUpload()`: several files at once with a real concurrency limit,
 * progress weighted by bytes (a 10 MB video counts more than a 50 KB photo), a result or an
 * error per file, or fail-fast; and the seed guide's chooseImage flow over `chooseMedia`.
 */
import { statFile } from './fs'
import { type BatchOptions, batch, type Settled } from './pool'
import { type ProgressListener, progressMeter, type TransferProgress } from './progress'
import { resolveTarget } from './target'
import { upload, type UploadOptions, type UploadResult } from './upload'

/** Options of `uploadMany()`: `upload()`'s for every file, plus the batch's own. */
export interface UploadManyOptions
  extends Omit<UploadOptions, 'onProgress' | 'signal'>,
    BatchOptions {
  /** Progress of the whole batch, weighted by file size. */
  onProgress?: ProgressListener
}

/** What `uploadMany()` resolves with. */
export interface UploadManyResult<T = unknown> {
  /** One entry per file, in the order given. */
  results: Settled<UploadResult<T>>[]
  /** The failures, for a quick check. */
  errors: Array<{ index: number; error: unknown }>
}

/**
 * Uploads several files, `concurrency` at once.
 *
 * @example
 * const { results, errors } = await uploadMany(paths, { client, url: '/upload', concurrency: 3,
 *   onProgress: (p) => setData({ percent: p.percent }) })
 */
export async function uploadMany<T = unknown>(
  filePaths: readonly string[],
  options: UploadManyOptions,
): Promise<UploadManyResult<T>> {
  const where = 'uploadMany()'
  const all = options || ({} as UploadManyOptions)
  const run = batch(where, 'filePaths', filePaths, all)
  const rt = resolveTarget(all, where, [])
  // Sizes first, so progress is weighted by bytes from the start.
  const sizes = await Promise.all(
    filePaths.map((path) => statFile(rt.fs, path).then((s) => s.size)),
  )
  const total = sizes.reduce((sum, size) => sum + size, 0)
  const sent = sizes.map(() => 0)
  const meter = progressMeter(total, all.onProgress)
  const report = (index: number, bytes: number): void => {
    sent[index] = bytes
    meter(sent.reduce((sum, n) => sum + n, 0))
  }
  const results = await run((path, index, each) =>
    upload<T>(
      path,
      Object.assign(each, {
        onProgress: (p: TransferProgress) => report(index, Math.min(p.bytes, sizes[index]!)),
      }),
    ).then((result) => {
      report(index, sizes[index]!)
      return result
    }),
  )
  // The failures as they are: each has its index and error.
  const errors = results.filter((r) => !r.ok) as Array<{ index: number; error: unknown }>
  return { results, errors }
}

/** Options of `chooseAndUpload()`. */
export interface ChooseAndUploadOptions extends UploadManyOptions {
  /**
   * How many files the user may pick.
   * @default 9
   */
  count?: number
  /** @default ['image'] */
  mediaType?: Array<'image' | 'video' | 'mix'>
  /** @default ['album', 'camera'] */
  sourceType?: Array<'album' | 'camera'>
  /** @default ['original', 'compressed'] */
  sizeType?: Array<'original' | 'compressed'>
}

/**
 * Lets the user pick photos or videos with `chooseMedia`, then uploads them.
 *
 * @example
 * const { chosen, results } = await chooseAndUpload({ client, url: '/upload', count: 3 })
 */
export async function chooseAndUpload<T = unknown>(
  options: ChooseAndUploadOptions,
): Promise<UploadManyResult<T> & { chosen: WechatMiniprogram.MediaFile[] }> {
  const where = 'chooseAndUpload()'
  const all = options || ({} as ChooseAndUploadOptions)
  const rest = Object.assign({}, all) as unknown as Record<string, unknown>
  // wx's own defaults stand for what is not given (9 files, album and camera, original and
  // compressed), except the media type: images, as the seed guide's chooseImage flow. These
  // are asked of wx, not handed on to each upload.
  const asked: Record<string, unknown> = { mediaType: ['image'] }
  for (const key of ['count', 'mediaType', 'sourceType', 'sizeType']) {
    if (rest[key] !== undefined) asked[key] = rest[key]
    delete rest[key]
  }
  const rt = resolveTarget(rest, where, ['chooseMedia'])
  const picked = (await rt.wx.chooseMedia!(
    asked,
  )) as WechatMiniprogram.ChooseMediaSuccessCallbackResult
  const chosen = picked.tempFiles
  const result = await uploadMany<T>(
    chosen.map((file) => file.tempFilePath),
    rest as unknown as UploadManyOptions,
  )
  return Object.assign(result, { chosen })
}
