/**
 * `uploadChunked()`: a big file in slices read with `FileSystemManager.readFile({ position,
 * length })` and sent with `wx.request` (never `uploadFile` per chunk: the seed guide's version
 * re-sent the whole file for every chunk). Parts run in parallel (tus: in order), each retried
 * with backoff through core's `sleep`, each with fresh token headers and its own timeout, so a
 * stalled part is cut off and retried (tus-js-client#773). The parts run in the batch pool
 * `uploadMany()` uses (fail-fast); each lane reads its own slice when it takes a part (the
 * other lanes keep the wire busy meanwhile), so at most `concurrency` slices are in memory. The
 * whole file's md5 is the runtime's (`getFileInfo`, native on a phone; the logic layer has no
 * crypto), taken only when the protocol asks for it; a protocol that checks parts does so over
 * the bytes already read (chunk-and-merge: CRC-32). The session lives in storage, so a
 * restarted app asks the server what it already has and sends only the rest.
 */
import { type AbortSignalLike, isAbortError, isHttpError, sleep } from '@miniwire/core'
import { fileMd5, fileOp, statFile } from './fs'
import { wxTask } from './http'
import { chunkMerge } from './protocols/chunk-merge'
import type { Opened, ProtocolCall } from './protocols/protocol'
import { runPool } from './pool'
import { progressMeter } from './progress'
import { session } from './sessions'
import { begin } from './target'

export type { ChunkedOptions, ChunkedResult } from './chunked-options'
import {
  type ChunkedOptions,
  type ChunkedResult,
  chunkedOptions,
  defaultDelay,
} from './chunked-options'

/** Errors worth another try: the network, a timeout, a 5xx, 408, 409 (tus offset), 429, a bad checksum (400 after a corrupted part is still worth one). */
function retryable(error: unknown): boolean {
  if (isAbortError(error)) return false
  if (isHttpError(error))
    return error.status >= 500 || [400, 408, 409, 423, 429].indexOf(error.status) >= 0
  return (error as { code?: string }).code !== 'ERR_INVALID_OPTION'
}

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
  const [o, rt] = begin(chunkedOptions, options, [], { filePath, url: options && options.url })
  const retry = Object.assign({ limit: 3, delay: defaultDelay }, o.retry)
  const protocol = o.protocol || chunkMerge()
  const fs = rt.fs
  const endpoint = rt.url(o.url)
  const { size, lastModifiedTime } = await statFile(fs, filePath)
  const file = {
    path: filePath,
    name: filePath.slice(filePath.lastIndexOf('/') + 1) || 'file',
    size,
  }
  const saved = session(rt, o.resume && [protocol.name, endpoint, filePath, size, lastModifiedTime])

  const call =
    (signal: AbortSignalLike | undefined): ProtocolCall =>
    (request) =>
      // The upload's timeout, unless the protocol set its own.
      wxTask(rt, 'request', Object.assign({}, o, request, { signal }), { data: request.data })

  const read = (position: number, length: number) =>
    fileOp<{ data: ArrayBuffer }>(fs, 'readFile', filePath, { position, length }).then(
      (res) => res.data,
    )
  const context = {
    file,
    url: endpoint,
    chunkSize: o.chunkSize,
    md5: () => fileMd5(fs, filePath),
    read,
    call: call(o.signal),
    signal: o.signal,
  }
  // A session an earlier run kept goes on where the server stands, unless it forgot it.
  const resumed = saved.value && (await protocol.resume(saved.value, context))
  const opened: Opened = resumed
    ? { done: false, state: saved.value!, parts: resumed }
    : await protocol.open(context)
  // An instant answer (the server holds the file) has no parts to send and nothing to finish.
  const pending = opened.done ? [] : opened.parts
  let done = size - pending.reduce((sum, part) => sum + part.length, 0)
  const meter = progressMeter(size, o.onProgress, done)
  // Where the upload starts: the whole file when the server already holds it, else what it has.
  meter(done)
  let data = opened.done && opened.result
  if (!opened.done) {
    const state = opened.state
    saved.keep(state)
    const lanes = protocol.sequential ? 1 : o.concurrency
    // A part that fails for good aborts the others (failFast) and rejects the upload.
    await runPool(pending, lanes, { signal: o.signal, failFast: true }, async (next, _, signal) => {
      const part = Object.assign({ data: await read(next.offset, next.length), attempt: 0 }, next)
      for (; ; part.attempt++) {
        try {
          await protocol.send(state, part, call(signal))
          break
        } catch (error) {
          if (part.attempt >= retry.limit || !retryable(error) || signal.aborted) throw error
          await sleep(retry.delay(part.attempt + 1), { signal })
        }
      }
      done += part.length
      meter(done)
    })
    data = await protocol.finish(state, file, call(o.signal))
  }
  saved.drop()
  return { data: data as T, instant: opened.done, partsSent: pending.length, size }
}
