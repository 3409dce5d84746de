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
import { getAppState, type WxRuntime } from '@miniwire/core'
import type { Entry } from './entry'
import type { Counters } from './stats'

const VERSION = 1
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

/**
 * UTF-8 bytes of a string, as wx counts key and value: `encodeURI` writes each non-ASCII byte
 * as one `%XX`. A lone surrogate (which encodeURI refuses) counts as the worst case.
 */
function utf8Bytes(text: string): number {
  try {
    return encodeURI(text).replace(/%../g, '-').length
  } catch {
    return text.length * 3
  }
}

export class StorageTier {
  /** Key → what the index knows, least recently used first. */
  readonly metas = new Map<string, Meta>()
  bytes = 0
  private nextId = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  /** The index key; entries are `<prefix>:<id>`. */
  private readonly prefix = 'miniwire:cache'

  constructor(
    private readonly wx: WxRuntime,
    private readonly maxBytes: number,
    private readonly stats: Counters,
  ) {
    this.load()
    getAppState(wx).on('hide', () => this.flush())
  }

  /** Reads the index (the only read at start-up) and drops what it does not account for. */
  private load(): void {
    try {
      const raw = this.wx.getStorageSync!(this.prefix)
      if (raw !== '') {
        const index = JSON.parse(raw)
        if (index.v !== VERSION) throw new TypeError('another version')
        // The index lists [key, meta] pairs, least recently used first.
        for (const [key, meta] of index.e as Array<[string, Meta]>) {
          this.metas.set(key, meta)
          this.bytes += meta.bytes
        }
        this.nextId = index.n
      }
    } catch {
      // Not an index of this version: its entries go with the unknown keys below.
      this.stats.dropped++
      this.metas.clear()
      this.bytes = 0
    }
    // Entry keys the index does not know: written before a crash, or by another version.
    const known: Record<string, true> = {}
    this.metas.forEach((meta) => {
      known[this.entryKey(meta.id)] = true
    })
    for (const key of this.wx.getStorageInfoSync!().keys) {
      if (key.indexOf(`${this.prefix}:`) === 0 && !known[key]) {
        this.stats.dropped++
        this.wx.removeStorageSync!(key)
      }
    }
  }

  private entryKey(id: string): string {
    return `${this.prefix}:${id}`
  }

  /** The stored entry for `key`, verified; a corrupt or foreign value is dropped and counted. */
  get(key: string): Entry | undefined {
    const meta = this.metas.get(key)
    if (!meta) return undefined
    let entry: Entry | undefined
    try {
      // A missing key reads '' and throws here, as does anything not of this version.
      const stored = JSON.parse(this.wx.getStorageSync!(this.entryKey(meta.id)))
      if (stored.v === VERSION && stored.e.key === key) entry = stored.e
    } catch {
      entry = undefined
    }
    if (!entry) {
      this.stats.dropped++
      this.delete(key)
      return undefined
    }
    this.metas.delete(key)
    this.metas.set(key, meta)
    this.schedule()
    return entry
  }

  /** Stores an entry; too large, or refused twice by wx, it is skipped. */
  set(entry: Entry): void {
    this.delete(entry.key)
    const id = (this.nextId++).toString(36)
    const text = JSON.stringify({ v: VERSION, e: entry })
    const bytes = utf8Bytes(text) + utf8Bytes(this.entryKey(id))
    if (bytes > Math.min(PER_KEY, this.maxBytes)) return
    this.evict(this.maxBytes - bytes)
    if (!this.write(this.entryKey(id), text, bytes)) return
    const { url, name, scope, tags } = entry
    this.metas.set(entry.key, { id, url, name, scope, tags, bytes })
    this.bytes += bytes
    this.schedule()
  }

  /** `setStorageSync`, and once more after evicting `bytes` when wx refuses. */
  private write(key: string, text: string, bytes: number): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        this.wx.setStorageSync!(key, text)
        return true
      } catch {
        if (attempt === 0 && !this.evict(this.bytes - bytes)) return false
      }
    }
    return false
  }

  /** Evicts least recently used entries until at most `limit` bytes are held; false if none went. */
  private evict(limit: number): boolean {
    let evicted = false
    for (const [key] of this.metas) {
      if (this.bytes <= Math.max(0, limit)) break
      this.delete(key)
      this.stats.evictions++
      evicted = true
    }
    return evicted
  }

  delete(key: string): void {
    const meta = this.metas.get(key)
    if (!meta) return
    this.metas.delete(key)
    try {
      this.wx.removeStorageSync!(this.entryKey(meta.id))
    } catch {
      // A storage that fails now (the runtime is gone) is not the request's problem.
    }
    this.bytes -= meta.bytes
    this.schedule()
  }

  private schedule(): void {
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), INDEX_DELAY)
  }

  /** Writes the index now (at most one key); a refusal evicts a quarter and retries once. */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const text = JSON.stringify({ v: VERSION, n: this.nextId, e: Array.from(this.metas) })
    // When wx refuses even then, unindexed entries are dropped at the next start.
    this.write(this.prefix, text, Math.ceil(this.bytes / 4))
  }
}
