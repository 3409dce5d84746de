/**
 * Upload sessions kept in the runtime's storage, so an upload resumes after the app was killed:
 * one small entry per file (protocol state such as an uploadId or a tus URL, and the file's md5
 * so it is not hashed again), keyed by protocol, endpoint, path, size and modification time.
 * Storage failures (quota) never fail an upload: it only loses the ability to resume.
 */
import type { Runtime } from './target'

const PREFIX = 'miniwire:upload:'

/** What is kept for one file. */
export interface SavedSession {
  state: Record<string, unknown>
  md5?: string | undefined
  /** When it was saved (ms since the epoch). */
  savedAt: number
}

/** The storage key of one file's session. */
export function sessionKey(parts: {
  protocol: string
  url: string
  path: string
  size: number
  mtime: number
}): string {
  return `${PREFIX}${parts.protocol}|${parts.url}|${parts.path}|${parts.size}|${parts.mtime}`
}

/** The saved session, or `undefined`. */
export function loadSession(rt: Runtime, key: string): SavedSession | undefined {
  try {
    const value = rt.wx.getStorageSync ? rt.wx.getStorageSync(key) : ''
    return value && typeof value === 'object' && (value as SavedSession).state
      ? (value as SavedSession)
      : undefined
  } catch {
    return undefined
  }
}

export function saveSession(rt: Runtime, key: string, session: SavedSession): void {
  try {
    if (rt.wx.setStorageSync) rt.wx.setStorageSync(key, session)
  } catch {
    // Over quota: the upload goes on, it just cannot resume after a restart.
  }
}

export function dropSession(rt: Runtime, key: string): void {
  try {
    if (rt.wx.removeStorageSync) rt.wx.removeStorageSync(key)
  } catch {
    // Nothing to keep consistent: a stale entry is checked with the server before use.
  }
}
