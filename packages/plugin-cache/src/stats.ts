/**
 * What the cache has done, for `getStats()` and monitoring.
 */

/** Counters since the cache was made (`bytes` and `entries` are current sizes). */
export interface CacheStats {
  /** Fresh answers from the cache. */
  hits: number
  /** Requests that went to the network (dedupe followers excluded). */
  misses: number
  /** Stale answers: stale-while-revalidate and stale-if-error. */
  staleHits: number
  /** Background refreshes and 304 revalidations made. */
  revalidations: number
  /** Requests that joined an identical one in flight. */
  dedupes: number
  /** Bytes the storage tier holds. */
  bytes: number
  /** Entries in memory. */
  entries: number
  /** Entries in storage. */
  stored: number
  /** Entries evicted to stay within `maxEntries`, `maxBytes` or wx's quota. */
  evictions: number
  /** Corrupt, foreign or old-format storage entries dropped. */
  dropped: number
}

/** The counters; the sizes are read when asked for. */
export type Counters = Omit<CacheStats, 'bytes' | 'entries' | 'stored'>

export const newCounters = (): Counters => ({
  hits: 0,
  misses: 0,
  staleHits: 0,
  revalidations: 0,
  dedupes: 0,
  evictions: 0,
  dropped: 0,
})
