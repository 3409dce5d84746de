/**
 * The options of `uploadChunked()`: documented, defaulted and checked in one place.
 */
import { type AbortSignalLike, checks, defineOptions } from '@miniwire/core'
import type { UploadProtocol } from './protocols/protocol'
import type { ProgressListener } from './progress'
import { commonSchema, type TransferTarget } from './target'

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
  /** Request headers for every call (the client's defaults and a bearer token come first). */
  header?: Record<string, string>
  signal?: AbortSignalLike
  onProgress?: ProgressListener
}

/** What `uploadChunked()` resolves with. */
export interface ChunkedResult<T = unknown> {
  /** What the protocol's last step answered (chunk-merge: the merge's data; tus: `{ url }`). */
  data: T
  /** The server already held the file: nothing was sent. */
  instant: boolean
  /** Parts sent in this run (a resumed upload sends only what the server lacked). */
  partsSent: number
  size: number
}

export interface Resolved {
  chunkSize: number
  concurrency: number
  retry: { limit: number; delay: (attempt: number) => number }
  timeout: number
  resume: boolean
}

export const defaultDelay = (attempt: number): number => Math.min(10_000, 500 * 2 ** (attempt - 1))

type ResolvedChunked = ChunkedOptions & Resolved

export const chunkedOptions = defineOptions<ChunkedOptions, ResolvedChunked>({
  key: 'uploadChunked',
  schema: Object.assign({}, commonSchema, {
    url: checks.string,
    protocol: checks.withMethods(
      'an upload protocol (chunkMerge(), tus())',
      'open',
      'resume',
      'send',
      'finish',
    ),
    chunkSize: checks.integer(1),
    concurrency: checks.integer(1),
    retry: checks.object,
    resume: checks.boolean,
  }),
  defaults: {
    chunkSize: 1024 * 1024,
    concurrency: 3,
    timeout: 60_000,
    resume: true,
  } as ResolvedChunked,
})
