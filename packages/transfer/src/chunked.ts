/**
 * `uploadChunked()`: a big file in slices read with `FileSystemManager.readFile({ position,
 * length })` and sent with `wx.request` (never `uploadFile` per chunk: the seed guide's version
 * re-sent the whole file for every chunk). Parts run in parallel (tus: in order), each retried
 * with backoff through core's `sleep`, each with fresh token headers and its own timeout, so a
 * stalled part is cut off and retried (tus-js-client#773). The session lives in storage, so a
 * restarted app asks the server what it already has and sends only the rest. At most
 * `concurrency` slices are in memory at once.
 */
import {
  type AbortSignalLike,
  checks,
  createAbortController,
  defineOptions,
  isAbortError,
  isHttpError,
  type Priority,
  sleep,
} from '@miniwire/core'
import { fileSystem, nativeDigest, readSlice, statFile } from './fs'
import { send } from './http'
import { createMd5 } from './md5'
import { chunkMerge } from './protocols/chunk-merge'
import type { Part, ProtocolCall, UploadProtocol } from './protocols/protocol'
import { type ProgressListener, progressMeter } from './progress'
import { dropSession, loadSession, saveSession, sessionKey } from './sessions'
import { commonSchema, omit, resolveTarget, type Runtime, type TransferTarget } from './target'
import { checkFile } from './upload'

/** Options of `uploadChunked()`. */
export interface ChunkedOptions extends TransferTarget {
  /** The protocol's endpoint: absolute, or relative to the client's `baseURL`. */
  url: string
  /**
   * How the server takes the parts.
   * @default chunkMerge()
   * @example protocol: tus()
   */
  protocol?: UploadProtocol
  /**
   * Bytes per part.
   * @default 1048576 (1 MB)
   */
  chunkSize?: number
  /**
   * Parts in flight at once (tus: always 1).
   * @default 3
   */
  concurrency?: number
  /**
   * Retries per part, and the wait before retry n (1, 2, …) in ms.
   * @default { limit: 3, delay: (n) => 500 × 2^(n-1) up to 10 s }
   */
  retry?: { limit?: number; delay?: (attempt: number) => number }
  /**
   * Milliseconds one part (or protocol call) may take before it is cut off and retried.
   * @default 60000
   */
  timeout?: number
  /**
   * Keep the session in storage and resume it after a restart.
   * @default true
   */
  resume?: boolean
  /**
   * How the whole file's md5 is made when the protocol needs it: `'native'` asks the runtime
   * (`getFileInfo`, fast on a phone), `'js'` hashes slice by slice (memory stays one slice).
   * @default 'native' when the runtime has getFileInfo, else 'js'
   */
  fileDigest?: 'native' | 'js'
  /** The name the server is told. @default the last part of the path */
  fileName?: string
  /** Request headers for every call (the client's defaults and a bearer token come first). */
  header?: Record<string, string>
  signal?: AbortSignalLike
  /** @default 'normal' */
  priority?: Priority
  onProgress?: ProgressListener
}

/** What `uploadChunked()` resolves with. */
export interface ChunkedResult<T = unknown> {
  /** What the protocol's last step answered (chunk-merge: the merge's data; tus: the URL). */
  data: T
  /** The server already held the file: nothing was sent. */
  instant: boolean
  /** Parts sent in this run (a resumed upload sends only what the server lacked). */
  partsSent: number
  size: number
}

interface Resolved {
  chunkSize: number
  concurrency: number
  retry: { limit: number; delay: (attempt: number) => number }
  timeout: number
  resume: boolean
}

const defaultDelay = (attempt: number): number => Math.min(10_000, 500 * 2 ** (attempt - 1))

type ResolvedChunked = Omit<ChunkedOptions, 'url'> & Resolved

export const chunkedOptions = defineOptions<Omit<ChunkedOptions, 'url'>, ResolvedChunked>({
  key: 'uploadChunked',
  schema: Object.assign({}, commonSchema, {
    protocol: checks.withMethods(
      'an upload protocol (chunkMerge(), tus())',
      'open',
      'send',
      'finish',
    ),
    chunkSize: checks.integer(1),
    concurrency: checks.integer(1),
    retry: checks.object,
    resume: checks.boolean,
    fileDigest: checks.oneOf('native', 'js'),
    fileName: checks.string,
  }),
  defaults: {
    chunkSize: 1024 * 1024,
    concurrency: 3,
    timeout: 60_000,
    resume: true,
  } as ResolvedChunked,
})

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
