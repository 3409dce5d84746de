/**
 * What a resumable-upload protocol provides to the chunked uploader. The uploader reads the
 * slices, runs them in parallel with retries and keeps the session in storage; a
 * protocol only says how to open (or resume) a session, send one part, and finish. The
 * demo server's chunk-and-merge protocol and tus 1.0 ship here; S3-style multipart fits the
 * same shape (open = create multipart upload, part = signed PUT, finish = complete).
 */
import type { AbortSignalLike } from '@miniwire/core'
import type { SendOptions } from '../http'
import type { MiniwireResponse } from '@miniwire/core'

/** A request the protocol makes, sent with fresh headers through the scheduler. */
export type ProtocolCall = (
  options: Omit<SendOptions, 'timeout' | 'signal'> & { timeout?: number },
) => Promise<MiniwireResponse>

/** The file being uploaded. */
export interface UploadFile {
  path: string
  /** The name the server is told. */
  name: string
  size: number
}

/** One byte range of the file. */
export interface Part {
  /** Position in the plan (chunk number for chunk-and-merge). */
  index: number
  offset: number
  length: number
}

/** What `open()` and `resume()` are given. */
export interface OpenContext {
  file: UploadFile
  /** The endpoint: absolute URL. */
  url: string
  chunkSize: number
  /**
   * The whole file's md5 (lower-case hex) from the runtime's `getFileInfo`: a pass over the
   * file, so ask only when the server needs it (instant upload, merge check).
   */
  md5(): Promise<string>
  /** Reads `length` bytes of the file from `offset` (a slice: never the whole of a big file). */
  read(offset: number, length: number): Promise<ArrayBuffer>
  call: ProtocolCall
  signal: AbortSignalLike | undefined
}

/** What `open()` answers. */
export type Opened =
  /** The server already holds the file: nothing is sent. */
  | { done: true; result: unknown }
  | {
      done: false
      /** Kept in storage so a restarted app resumes the same session. */
      state: Record<string, unknown>
      /** The parts still to send, in order. */
      parts: Part[]
    }

/** A part's bytes, as the uploader hands them to `send()`. */
export interface PartData extends Part {
  /** The part's bytes: a protocol that checks parts takes its checksum of them. */
  data: ArrayBuffer
  /** 0 on the first try, then 1, 2, … on retries. */
  attempt: number
}

/** A resumable-upload protocol. */
export interface UploadProtocol {
  /** Names the protocol in errors and in the stored session's key. */
  readonly name: string
  /** Parts must go one after another (tus appends at an offset). @default false */
  readonly sequential?: boolean
  /** Opens a new session, or answers at once when the server already holds the file. */
  open(context: OpenContext): Promise<Opened>
  /**
   * The parts the server still lacks of a session an earlier run opened (`state` as `open()`
   * gave it, kept in storage), or `undefined` when the server no longer holds it (a new
   * session is then opened).
   */
  resume(state: Record<string, unknown>, context: OpenContext): Promise<Part[] | undefined>
  send(state: Record<string, unknown>, part: PartData, call: ProtocolCall): Promise<void>
  finish(state: Record<string, unknown>, file: UploadFile, call: ProtocolCall): Promise<unknown>
}

/** The parts from `offset` to the end, `chunkSize` each. */
export function partsFrom(offset: number, size: number, chunkSize: number): Part[] {
  const parts: Part[] = []
  for (let at = offset, index = 0; at < size; at += chunkSize, index++) {
    parts.push({ index, offset: at, length: Math.min(chunkSize, size - at) })
  }
  return parts
}

/**
 * What `asking` answers, or `undefined` when the server refuses it with a 4xx (it no longer
 * holds the session, as tus-js-client reads any client error there; a 401 was already
 * refreshed once), so a new session starts.
 *
 * @example const have = await unlessGone(call({ method: 'HEAD', url }))
 */
export function unlessGone<T>(asking: Promise<T>): Promise<T | undefined> {
  return asking.catch((error: { status?: number }) => {
    if (!((error.status as number) >= 400 && (error.status as number) < 500)) throw error
    return undefined
  })
}
