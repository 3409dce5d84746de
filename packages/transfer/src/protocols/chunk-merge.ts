/**
 * The chunk-and-merge protocol mini-program back ends use for big files (the demo server's
 * `/upload/chunked`): `POST init` (instant answer when the server already holds the file, or
 * the chunks it has of an unfinished upload; the file's md5 is sent when the server asks for it,
 * holding a file of that size and head, the CRC-32 of the first 64 KB) → `PUT <uploadId>/<index>` per chunk with its CRC-32 in
 * `X-Chunk-Crc32` → `POST <uploadId>/merge`, where the server checks the md5 it was given.
 * Answers are `{ code, message, data }` envelopes.
 */
import { crc32Hex } from '../crc32'
import { ProtocolError } from '../errors'
import { type OpenContext, type Part, partsFrom, type UploadProtocol, unlessGone } from './protocol'

interface InitAnswer {
  instant: boolean
  /** Sent without an md5, the server holds a file of this size and head: init again with it. */
  md5Required?: boolean
  uploadId?: string
  chunkCount?: number
  uploaded?: number[]
}

/** The envelope's `data`, or the body itself when it is no envelope. */
function dataOf<T>(body: unknown): T {
  if (body && typeof body === 'object' && 'code' in body && 'data' in body) {
    return (body as { data: T }).data
  }
  return body as T
}

/** The chunks of the file the server does not hold (`have` lists the indexes it holds). */
const missing = ({ file, chunkSize }: OpenContext, have: number[]): Part[] =>
  partsFrom(0, file.size, chunkSize).filter((part) => have.indexOf(part.index) < 0)

/**
 * The demo server's chunk-and-merge protocol (and any back end that speaks it).
 *
 * @example
 * await uploadChunked(path, { client, url: '/upload/chunked', protocol: chunkMerge() })
 */
export function chunkMerge(): UploadProtocol {
  return {
    name: 'chunk-merge',

    async resume(state, context) {
      // Ask the server what it already holds of the session this app started before.
      const res = await unlessGone(context.call({ method: 'GET', url: state.url as string }))
      const have = res && dataOf<{ uploaded?: number[] }>(res.data).uploaded
      return have && missing(context, have)
    },

    async open(context) {
      const { file, url, chunkSize, call, md5, read } = context
      // The md5 (a pass over the whole file) only when the server holds a file of this size
      // whose first 64 KB have the same CRC-32: it may be this one.
      const head = file.size ? crc32Hex(await read(0, Math.min(file.size, 65_536))) : undefined
      const start = async (withMd5: boolean) => {
        const res = await call({
          method: 'POST',
          url: `${url}/init`,
          data: {
            fileName: file.name,
            size: file.size,
            chunkSize,
            head,
            md5: withMd5 ? await md5() : undefined,
          },
        })
        // An answer without data reads as an empty one: no uploadId, a protocol error below.
        return dataOf<InitAnswer | null>(res.data) || ({} as InitAnswer)
      }
      let init = await start(false)
      if (init.md5Required) init = await start(true)
      if (init.instant) return { done: true, result: init }
      if (typeof init.uploadId !== 'string') {
        throw new ProtocolError({
          protocol: 'chunk-merge',
          request: { method: 'POST', url: `${url}/init` },
          detail: 'answered no uploadId',
        })
      }
      return {
        done: false,
        // The session's URL (the endpoint, then the upload id) is all later requests need.
        state: { url: `${url}/${encodeURIComponent(init.uploadId)}` },
        parts: missing(context, init.uploaded || []),
      }
    },

    async send(state, part, call) {
      await call({
        method: 'PUT',
        url: `${state.url}/${part.index}`,
        headers: {
          'content-type': 'application/octet-stream',
          'x-chunk-crc32': crc32Hex(part.data),
        },
        data: part.data,
      })
    },

    async finish(state, _file, call) {
      const res = await call({
        method: 'POST',
        url: `${state.url}/merge`,
        data: {},
      })
      return dataOf(res.data)
    },
  }
}
