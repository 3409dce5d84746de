/**
 * Upload sessions kept in the runtime's storage, so an upload resumes after the app was killed:
 * one small entry per file (protocol state such as an uploadId or a tus URL, and the file's md5
 * so it is not hashed again), keyed by protocol, endpoint, path, size and modification time.
 * Storage failures (quota) never fail an upload: it only loses the ability to resume, and a
 * stale entry is checked with the server before use.
 */
import type { Runtime } from './target'

/** What is kept for one file. */
export interface SavedSession {
  state: Record<string, unknown>
  md5?: string | undefined
}

/** One file's stored session: what was saved, and how to replace or remove it. */
export interface Session {
  value: SavedSession | undefined
  keep(session: SavedSession): void
  drop(): void
}

/**
 * The session of the file that `key` names (protocol, endpoint, path, size, mtime); with
 * `false` (resume switched off) nothing is read or written.
 *
 * @example
 * const saved = session(rt, [protocol.name, url, path, size, mtime])
 * saved.keep({ state, md5 })
 */
export function session(rt: Runtime, key: unknown[] | false | undefined): Session {
  const name = key ? `miniwire:upload:${key.join('|')}` : ''
  const storage = (method: string, value?: unknown): unknown => {
    const run = (rt.wx as unknown as Record<string, (...args: unknown[]) => unknown>)[method]
    try {
      return name && run ? run.call(rt.wx, name, value) : undefined
    } catch {
      return undefined // over quota, or storage gone: the upload goes on without it
    }
  }
  const value = storage('getStorageSync') as SavedSession | undefined
  return {
    value: value && typeof value === 'object' && value.state ? value : undefined,
    keep: (session) => storage('setStorageSync', session),
    drop: () => storage('removeStorageSync'),
  }
}
