/**
 * `downloadMany()`: several downloads with a real concurrency limit (the seed guide ran them
 * one by one), a result or an error per URL, or fail-fast.
 */
import { download, type DownloadOptions, type DownloadResult } from './download'
import { type BatchOptions, batch, type Settled } from './pool'

/** Options of `downloadMany()`: `download()`'s for every URL (less the target), plus the batch's. */
export interface DownloadManyOptions
  extends Omit<DownloadOptions, 'filePath' | 'fileName' | 'onProgress' | 'signal'>,
    BatchOptions {
  /** A name under `wx.env.USER_DATA_PATH` for each URL; temp files when absent. */
  fileNames?: string[]
}

/**
 * Downloads several files, `concurrency` at once.
 *
 * @example
 * const results = await downloadMany(urls, { client, concurrency: 4 })
 * const paths = results.filter((r) => r.ok).map((r) => r.value.filePath)
 */
export async function downloadMany(
  urls: readonly string[],
  options: DownloadManyOptions = {},
): Promise<Settled<DownloadResult>[]> {
  const run = batch('downloadMany()', 'urls', urls, options, ['fileNames'])
  // An undefined fileName is no option: that URL goes to a temp file.
  return run((url, index, each) =>
    download(
      url,
      Object.assign(each, {
        fileName: options.fileNames && options.fileNames[index],
      }) as DownloadOptions,
    ),
  )
}
