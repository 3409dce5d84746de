/**
 * The storage tier: entries in wx storage, one key each, plus one compact index key, so that
 * start-up reads one key (entries are read on their first hit) and invalidation by URL or tag
 * works after a restart. wx allows 1 MB per key and 10 MB in all: the tier keeps a byte
 * budget with least-recently-used eviction, skips entries too large, and when
 * `setStorageSync` still throws (the app's own keys filled the quota) it evicts and retries
 * once, else skips. Hits only reorder the index in memory; the index is written on a timer and
 * when the app is hidden, never per hit. Whatever storage holds that is not a valid entry of
 * this version is dropped and counted, never thrown: a request never fails because of the cache.
 */
import { getAppState, utf8Length, type WxRuntime } from '@miniwire/core'
import type { Entry } from './entry'
import type { Counters } from './stats'

/** 3: keys end with the URL (2: entries keep the response's fields at their top level). */
const VERSION = 3
/** wx's limit per key, less a margin for the key itself. */
const PER_KEY = 1024 * 1024 - 1024
/** The index is written at most this often (and on app hide). */
const INDEX_DELAY = 1000

/** What the index knows of an entry: enough to evict, invalidate and purge without reading it. */
interface Meta {
  id: string
  url: string
  name: string | undefined
  scope: string
  tags: string[]
  bytes: number
}

/** The storage tier of one runtime object. */
export interface StorageTier {
  /** Key → what the index knows, least recently used first. */
  readonly metas: Map<string, Meta>
  /** Bytes the stored entries take. */
  bytes(): number
  /** The stored entry for `key`, verified; a corrupt or foreign value is dropped and counted. */
  get(key: string): Entry | undefined
  /** Stores an entry; too large, or refused twice by wx, it is skipped. */
  set(entry: Entry): void
  delete(key: string): void
}

/** The index key; entries are `<INDEX>:<id>`. */
const INDEX = 'miniwire:cache'
const entryKey = (id: string): string => `${INDEX}:${id}`

/**
 * Opens the storage tier: reads the index (the only read at start-up) and drops the entry
 * keys it does not account for.
 */
export function openStorage(wx: WxRuntime, maxBytes: number, stats: Counters): StorageTier {
  const metas = new Map<string, Meta>()
  let bytes = 0
  let nextId = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  /** `setStorageSync`, and once more after evicting `size` bytes when wx refuses. */
  function write(key: string, text: string, size: number, retry = true): boolean {
    try {
      wx.setStorageSync!(key, text)
      return true
    } catch {
      return retry && evict(bytes - size) && write(key, text, size, false)
    }
  }

  /**
   * Evicts least recently used entries until at most `limit` bytes are held (all of them for
   * a negative limit); false if none went.
   */
  function evict(limit: number): boolean {
    const before = bytes
    for (const key of metas.keys()) {
      if (bytes <= limit) break
      remove(key)
      stats.evictions++
    }
    return bytes < before
  }

  function remove(key: string): void {
    const meta = metas.get(key)
    if (!meta) return
    metas.delete(key)
    try {
      wx.removeStorageSync!(entryKey(meta.id))
    } catch {
      // A storage that fails now (the runtime is gone) is not the request's problem.
    }
    bytes -= meta.bytes
    schedule()
  }

  function schedule(): void {
    if (timer === undefined) timer = setTimeout(flush, INDEX_DELAY)
  }

  /** Writes the index now (at most one key); a refusal evicts a quarter and retries once. */
  function flush(): void {
    clearTimeout(timer)
    timer = undefined
    const text = JSON.stringify({ v: VERSION, n: nextId, e: Array.from(metas) })
    // When wx refuses even then, unindexed entries are dropped at the next start.
    write(INDEX, text, Math.ceil(bytes / 4))
  }

  try {
    const raw = wx.getStorageSync!(INDEX)
    const index = raw === '' ? { v: VERSION, n: 0, e: [] } : JSON.parse(raw)
    if (index.v === VERSION) {
      // The index lists [key, meta] pairs, least recently used first.
      for (const [key, meta] of index.e as Array<[string, Meta]>) {
        metas.set(key, meta)
        bytes += meta.bytes
      }
      nextId = index.n
    } else stats.dropped++ // another version's: its entries go with the unknown keys below
  } catch {
    // Not an index: its entries go with the unknown keys below.
    stats.dropped++
    metas.clear()
    bytes = 0
  }
  // Entry keys the index does not know: written before a crash, or by another version.
  const known: Record<string, true> = {}
  metas.forEach((meta) => {
    known[entryKey(meta.id)] = true
  })
  for (const key of wx.getStorageInfoSync!().keys) {
    if (key.indexOf(`${INDEX}:`) === 0 && !known[key]) {
      stats.dropped++
      wx.removeStorageSync!(key)
    }
  }
  getAppState(wx).on('hide', flush)

  return {
    metas,
    bytes: () => bytes,
    get(key) {
      const meta = metas.get(key)
      if (!meta) return undefined
      let entry: Entry | undefined
      try {
        // A missing key reads '' and throws here, as does anything not of this version.
        const stored = JSON.parse(wx.getStorageSync!(entryKey(meta.id)))
        if (stored.v === VERSION && stored.e.key === key) entry = stored.e
      } catch {
        entry = undefined
      }
      if (!entry) {
        stats.dropped++
        remove(key)
        return undefined
      }
      metas.delete(key)
      metas.set(key, meta)
      schedule()
      return entry
    },
    set(entry) {
      remove(entry.key)
      const id = (nextId++).toString(36)
      const text = JSON.stringify({ v: VERSION, e: entry })
      // The key is ASCII: a byte a character.
      const size = utf8Length(text) + entryKey(id).length
      if (size > Math.min(PER_KEY, maxBytes)) return
      evict(maxBytes - size)
      if (!write(entryKey(id), text, size)) return
      const { url, name, scope, tags } = entry
      metas.set(entry.key, { id, url, name, scope, tags, bytes: size })
      bytes += size
      schedule()
    },
    delete: remove,
  }
}
