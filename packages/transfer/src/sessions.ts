/**
 * Upload sessions kept in the runtime's storage, so an upload resumes after the app was killed:
 * one small entry per file (the protocol's state, such as an uploadId or a tus URL), keyed by
 * protocol, endpoint, path, size and modification time.
 * Storage failures (quota) never fail an upload: it only loses the ability to resume, and a
 * stale entry is checked with the server before use.
 */
import type { Runtime } from './target'

/** One file's stored session: what was saved, and how to replace or remove it. */
export interface Session {
  value: Record<string, unknown> | undefined
  keep(state: Record<string, unknown>): void
  drop(): void
}

/**
 * The session of the file that `key` names (protocol, endpoint, path, size, mtime); with
 * `false` (resume switched off) nothing is read or written.
 *
 * @example
 * const saved = session(rt, [protocol.name, url, path, size, mtime])
 * saved.keep({ uploadId })
 */
export function session(rt: Runtime, key: unknown[] | false | undefined): Session {
  const name = key ? `miniwire:upload:${key.join('|')}` : ''
  const wx = rt.wx as unknown as Record<string, (key: string, value?: unknown) => unknown>
  const storage = (method: string, value?: unknown): unknown => {
    try {
      return name && wx[method]!(name, value)
    } catch {
      // Over quota, or a runtime without storage: the upload goes on without it.
      return undefined
    }
  }
  const value = storage('getStorageSync')
  return {
    value: value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined,
    keep: (state) => storage('setStorageSync', state),
    drop: () => storage('removeStorageSync'),
  }
}
