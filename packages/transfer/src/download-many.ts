/**
 * `downloadMany()`: several downloads with a real concurrency limit (the seed guide ran them
 * one by one), a result or an error per URL, or fail-fast; each file goes to a temp file (wx's
 * `saveFile` keeps one).
 */
import { download, type DownloadOptions, type DownloadResult } from './download'
import { type BatchOptions, batch, type Settled } from './pool'

/** Options of `downloadMany()`: `download()`'s for every URL (less the target, so no resume), plus the batch's. */
export interface DownloadManyOptions
  extends Omit<
      DownloadOptions,
      'filePath' | 'fileName' | 'resume' | 'chunkSize' | 'onProgress' | 'signal'
    >,
    BatchOptions {}

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
  const run = batch('downloadMany()', 'urls', urls, options)
  return run((url, _, each) => download(url, each))
}
