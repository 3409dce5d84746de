/**
 * `uploadChunked()`: a big file in slices read with `FileSystemManager.readFile({ position,
 * length })` and sent with `wx.request` (never `uploadFile` per chunk: the seed guide's version
 * re-sent the whole file for every chunk). Parts run in parallel (tus: in order), each retried
 * with backoff through core's `sleep`, each with fresh token headers and its own timeout, so a
 * stalled part is cut off and retried (tus-js-client#773). The session lives in storage, so a
 * restarted app asks the server what it already has and sends only the rest. At most
 * `concurrency` slices are in memory at once.
 */
import { createAbortController, isAbortError, isHttpError, sleep } from '@miniwire/core'
import { fileSystem, nativeDigest, readSlice, statFile } from './fs'
import { send } from './http'
import { createMd5 } from './md5'
import { chunkMerge } from './protocols/chunk-merge'
import type { Part, ProtocolCall } from './protocols/protocol'
import { progressMeter } from './progress'
import { dropSession, loadSession, saveSession, sessionKey } from './sessions'
import { omit, resolveTarget, type Runtime } from './target'

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

/** The whole file's md5, slice by slice. */
async function digestByReading(
  rt: Runtime,
  path: string,
  size: number,
  chunkSize: number,
): Promise<string> {
  const fs = fileSystem(rt, 'uploadChunked()')
  const md5 = createMd5()
  for (let at = 0; at < size; at += chunkSize) {
    md5.update(await readSlice(fs, path, at, Math.min(chunkSize, size - at)))
  }
  return md5.hex()
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
  const where = 'uploadChunked()'
  const url = options && options.url
  const rest = omit(options || ({} as ChunkedOptions), ['url'])
  checkFile(where, filePath, url)
  const o = chunkedOptions.resolve(rest, undefined, where)
  const retry = {
    limit: o.retry && o.retry.limit !== undefined ? o.retry.limit : 3,
    delay: (o.retry && o.retry.delay) || defaultDelay,
  }
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
  const key = sessionKey({ protocol: protocol.name, url: endpoint, path: filePath, size, mtime })
  const saved = o.resume ? loadSession(rt, key) : undefined

  // One controller for the run: the caller's abort, or a part that failed for good, stops all.
  const controller = createAbortController()
  const stop = (): void => controller.abort(o.signal && o.signal.reason)
  if (o.signal) {
    if (o.signal.aborted) stop()
    else o.signal.addEventListener('abort', stop)
  }
  const signal = controller.signal
  const call: ProtocolCall = (request) =>
    send(
      rt,
      Object.assign({}, request, {
        headers: Object.assign({}, o.header, request.headers),
        timeout: request.timeout || o.timeout,
        signal,
        priority: o.priority,
      }),
    )

  try {
    if (protocol.digest) {
      file.md5 =
        (saved && saved.md5) ||
        ((o.fileDigest || (typeof fs.getFileInfo === 'function' ? 'native' : 'js')) === 'native'
          ? await nativeDigest(fs, filePath)
          : await digestByReading(rt, filePath, size, o.chunkSize))
    }
    const opened = await protocol.open({
      file,
      url: endpoint,
      chunkSize: o.chunkSize,
      saved: saved && saved.state,
      call,
      signal,
    })
    if (opened.done) {
      if (o.resume) dropSession(rt, key)
      if (o.onProgress) progressMeter(size, o.onProgress, size).set(size)
      return { data: opened.result as T, instant: true, partsSent: 0, size }
    }
    if (o.resume) saveSession(rt, key, { state: opened.state, md5: file.md5, savedAt: Date.now() })
    const pending = opened.parts
    const before = size - pending.reduce((sum, part) => sum + part.length, 0)
    const meter = progressMeter(size, o.onProgress, before)
    let done = before
    let next = 0
    let failure: { error: unknown } | undefined

    const sendPart = async (part: Part): Promise<void> => {
      // Read only when a part is about to go: memory stays near concurrency × chunkSize.
      const data = await readSlice(fs, filePath, part.offset, part.length)
      const md5 = protocol.checksum ? createMd5().update(data).hex() : undefined
      for (let attempt = 0; ; attempt++) {
        try {
          await protocol.send(opened.state, Object.assign({ data, md5, attempt }, part), call)
          return
        } catch (error) {
          if (attempt >= retry.limit || !retryable(error) || signal.aborted) throw error
          await sleep(retry.delay(attempt + 1), { signal })
        }
      }
    }
    const worker = async (): Promise<void> => {
      while (next < pending.length && !failure) {
        const part = pending[next++]!
        try {
          await sendPart(part)
        } catch (error) {
          if (!failure) failure = { error }
          controller.abort(error)
          return
        }
        done += part.length
        meter.set(done)
      }
    }
    const lanes = protocol.sequential ? 1 : Math.max(1, o.concurrency)
    const workers: Promise<void>[] = []
    for (let i = 0; i < Math.min(lanes, pending.length); i++) workers.push(worker())
    await Promise.all(workers)
    if (failure) throw failure.error
    if (o.signal && o.signal.aborted) throw o.signal.reason
    const data = await protocol.finish(opened.state, file, call)
    if (o.resume) dropSession(rt, key)
    return { data: data as T, instant: false, partsSent: pending.length, size }
  } finally {
    if (o.signal) o.signal.removeEventListener('abort', stop)
  }
}
