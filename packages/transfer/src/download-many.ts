/**
 * `downloadMany()`: several downloads with a real concurrency limit (the seed guide ran them
 * one by one), a result or an error per URL, or fail-fast.
 */
import { describeValue, invalidOption } from '@miniwire/core'
import { download, type DownloadOptions, type DownloadResult } from './download'
import { checkConcurrency, runPool, type Settled } from './pool'
import { omit } from './target'

/** Options of `downloadMany()`: `download()`'s for every URL (less the target), plus the batch's. */
export interface DownloadManyOptions
  extends Omit<DownloadOptions, 'filePath' | 'fileName' | 'onProgress'> {
  /** @default 3 */
  concurrency?: number
  /** Reject on the first failure and abort the others. @default false */
  failFast?: boolean
  /** A name under `wx.env.USER_DATA_PATH` for each URL; temp files when absent. */
  fileNames?: string[]
  /** Called as each download finishes (or fails). */
  onFileDone?: (result: Settled<DownloadResult>) => void
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
  const where = 'downloadMany()'
  if (!Array.isArray(urls)) {
    throw invalidOption(`${where}: urls must be an array, got ${describeValue(urls)}`)
  }
  const { concurrency, failFast, fileNames, onFileDone, signal } = options
  const one = omit(options, ['concurrency', 'failFast', 'fileNames', 'onFileDone', 'signal'])
  const limit = checkConcurrency(where, concurrency)
  return runPool(
    urls,
    limit,
    signal,
    !!failFast,
    (url, index, each) => {
      const name = fileNames && fileNames[index]
      return download(url, Object.assign({}, one, { signal: each }, name ? { fileName: name } : {}))
    },
    onFileDone,
  )
}
