/**
 * `uploadChunked()`: a big file in slices read with `FileSystemManager.readFile({ position,
 * length })` and sent with `wx.request` (never `uploadFile` per chunk: the seed guide's version
 * re-sent the whole file for every chunk). Parts run in parallel (tus: in order), each retried
 * with backoff through core's `sleep`, each with fresh token headers and its own timeout, so a
 * stalled part is cut off and retried (tus-js-client#773). The parts run in the batch pool
 * `uploadMany()` uses (fail-fast), and the next slice is read while the parts before it are on
 * the wire, so at most `concurrency` + 1 slices are in memory. Digests
 * are the runtime's (`getFileInfo`, native on a phone; the logic layer has no crypto): a part's
 * md5 is taken of the slice written to a scratch file. The session lives in storage, so a
 * restarted app asks the server what it already has and sends only the rest.
 */
import { type AbortSignalLike, isAbortError, isHttpError, sleep } from '@miniwire/core'
import { fileMd5, fileOp, fileSystem, readSlice, removeFile, statFile } from './fs'
import { send } from './http'
import { chunkMerge } from './protocols/chunk-merge'
import type { Part, PartData, ProtocolCall } from './protocols/protocol'
import { runPool } from './pool'
import { progressMeter } from './progress'
import { session } from './sessions'
import { omit, resolveTarget, userPath } from './target'

export type { ChunkedOptions, ChunkedResult } from './chunked-options'
import {
  type ChunkedOptions,
  type ChunkedResult,
  chunkedOptions,
  defaultDelay,
} from './chunked-options'
import { checkFile } from './upload'

/** Errors worth another try: the network, a timeout, a 5xx, 408, 409 (tus offset), 429, a bad checksum (400 after a corrupted part is still worth one). */
function retryable(error: unknown): boolean {
  if (isAbortError(error)) return false
  if (isHttpError(error))
    return error.status >= 500 || [400, 408, 409, 423, 429].indexOf(error.status) >= 0
  return (error as { code?: string }).code !== 'ERR_INVALID_OPTION'
}

/** Names the scratch files of one run apart from another's. */
let runs = 0

/**
 * Uploads a big file in parts, resumably.
 *
 * @example
 * const { data } = await uploadChunked(tempFilePath, {
 *   client, url: '/upload/chunked', chunkSize: 2 * 1024 * 1024,
 *   onProgress: (p) => console.log(p.percent, p.eta),
 * })
 */
export async function uploadChunked<T = unknown>(
  filePath: string,
  options: ChunkedOptions,
): Promise<ChunkedResult<T>> {
  const where = 'uploadChunked()'
  const url = options && options.url
  checkFile(where, filePath, url)
  const o = chunkedOptions.resolve(omit(options, ['url']), undefined, where)
  const retry = o.retry || {}
  const limit = retry.limit === undefined ? 3 : retry.limit
  const protocol = o.protocol || chunkMerge()
  const rt = resolveTarget(o, where)
  const fs = fileSystem(rt, where)
  const endpoint = rt.url(url)
  const { size, mtime } = await statFile(fs, filePath)
  const file = {
    path: filePath,
    name: o.fileName || filePath.slice(filePath.lastIndexOf('/') + 1) || 'file',
    size,
    md5: undefined as string | undefined,
  }
  const saved = session(rt, o.resume && [protocol.name, endpoint, filePath, size, mtime])
  const scratch = userPath(rt, `miniwire-part-${Date.now().toString(36)}-${++runs}-`)

  const call =
    (signal: AbortSignalLike | undefined): ProtocolCall =>
    (request) =>
      send(
        rt,
        Object.assign({}, request, {
          headers: Object.assign({}, o.header, request.headers),
          timeout: request.timeout || o.timeout,
          signal,
          priority: o.priority,
        }),
      )

  /** A part's bytes, and their md5 when the protocol checks parts. */
  const prepare = async (part: Part): Promise<PartData> => {
    const data = await readSlice(fs, filePath, part.offset, part.length)
    let md5: string | undefined
    if (protocol.checksum) {
      const path = scratch + part.index
      try {
        await fileOp(fs, 'writeFile', path, { filePath: path, data })
        md5 = await fileMd5(fs, path)
      } finally {
        await removeFile(fs, path)
      }
    }
    return Object.assign({ data, md5, attempt: 0 }, part)
  }

  const kept = saved.value
  if (protocol.digest) file.md5 = (kept && kept.md5) || (await fileMd5(fs, filePath))
  const opened = await protocol.open({
    file,
    url: endpoint,
    chunkSize: o.chunkSize,
    saved: kept && kept.state,
    call: call(o.signal),
    signal: o.signal,
  })
  if (opened.done) {
    saved.drop()
    progressMeter(size, o.onProgress, size)(size)
    return { data: opened.result as T, instant: true, partsSent: 0, size }
  }
  saved.keep({ state: opened.state, md5: file.md5, savedAt: Date.now() })
  const pending = opened.parts
  let done = size - pending.reduce((sum, part) => sum + part.length, 0)
  const meter = progressMeter(size, o.onProgress, done)
  const lanes = protocol.sequential ? 1 : o.concurrency

  // Each part's bytes are read once: when its lane takes it, or ahead, while the part before it
  // is on the wire. Only a part no lane has taken yet is read ahead, so at most lanes + 1
  // slices are held.
  // `null` marks a part already taken, so a late read-ahead never reads it again.
  const reads: Array<Promise<PartData> | null | undefined> = []
  const read = (index: number): Promise<PartData> | null | undefined => {
    if (index < pending.length && reads[index] === undefined) {
      reads[index] = prepare(pending[index]!)
      reads[index]!.catch(() => undefined) // awaited by its lane; a failure is not "unhandled"
    }
    return reads[index]
  }
  // A part that fails for good aborts the others (failFast) and rejects the upload.
  await runPool(pending, lanes, { signal: o.signal, failFast: true }, async (_, index, signal) => {
    const part = await read(index)!
    reads[index] = null
    read(index + 1)
    for (; ; part.attempt++) {
      try {
        await protocol.send(opened.state, part, call(signal))
        break
      } catch (error) {
        if (part.attempt >= limit || !retryable(error) || signal.aborted) throw error
        await sleep((retry.delay || defaultDelay)(part.attempt + 1), { signal })
      }
    }
    done += part.length
    meter(done)
  })
  if (o.signal && o.signal.aborted) throw o.signal.reason
  const data = await protocol.finish(opened.state, file, call(o.signal))
  saved.drop()
  return { data: data as T, instant: false, partsSent: pending.length, size }
}
