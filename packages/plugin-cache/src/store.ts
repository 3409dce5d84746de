/**
 * One cache per runtime object, in core's per-runtime slot: the memory tier (an LRU map), the
 * storage tier (made when a request first wants it, or to invalidate what a previous run of
 * the app stored), the requests in flight, the counters, and the token source it follows.
 */
import { runtimeService, type TokenSource, type WxRuntime } from '@miniwire/core'
import { type Entry, keepUntil } from './entry'
import type { Job } from './fetch'
import type { Invalidation, ResolvedCacheOptions } from './options'
import { ScopeWatch, type Scoping } from './scope'
import { type CacheStats, type Counters, newCounters } from './stats'
import { StorageTier } from './storage'

/** What invalidation and purging match on. */
interface Described {
  url: string
  name: string | undefined
  scope: string
  tags: string[]
}

/** A predicate for an invalidation query: any condition given may match. */
export function matcher(query: Invalidation): (entry: Described) => boolean {
  const { key, prefix, pattern, tags } = query
  return (entry) =>
    (key !== undefined && entry.name === key) ||
    (prefix !== undefined && entry.url.indexOf(prefix) === 0) ||
    (pattern !== undefined && pattern.test(entry.url)) ||
    (tags !== undefined && tags.some((tag) => entry.tags.indexOf(tag) >= 0))
}

export class CacheStore implements Scoping {
  readonly stats: Counters = newCounters()
  /** The memory tier, least recently used first (a hit moves its entry to the end). */
  readonly memory = new Map<string, Entry>()
  /** Requests in flight by key, for dedupe. */
  readonly flights = new Map<string, Job>()
  /** Moves on at every invalidation, so an answer fetched before it is not stored after it. */
  generation = 0
  private storageTier: StorageTier | undefined
  private scopeWatch: ScopeWatch | undefined

  constructor(
    private readonly wx: WxRuntime,
    private readonly options: ResolvedCacheOptions,
  ) {
    if (options.storage) this.storage()
  }

  /** The storage tier, made (its index read) on first use; `undefined` without wx storage. */
  storage(): StorageTier | undefined {
    // A runtime without the synchronous storage API has memory only.
    if (!this.storageTier && typeof this.wx.getStorageInfoSync === 'function') {
      this.storageTier = new StorageTier(this.wx, this.options.maxBytes, this.stats)
    }
    return this.storageTier
  }

  /**
   * The entry for `key` if it is still worth anything at `now`. A memory hit only marks the
   * entry used: reordering a Map on every hit (delete + set) cost more than the rest of a hit.
   */
  get(key: string, now: number, useStorage: boolean): Entry | undefined {
    let entry = this.memory.get(key)
    if (entry) entry.used = true
    else if (useStorage) {
      const tier = this.storage()
      entry = tier && tier.get(key)
      if (entry) this.remember(entry)
    }
    if (entry && now >= entry.expires && keepUntil(entry) <= now) {
      this.delete(key)
      return undefined
    }
    return entry
  }

  /**
   * Puts an entry in the memory tier: a new key at the back, a known one in its old place,
   * marked used. Beyond `maxEntries` the front entry goes, unless it was used since it was
   * put there: then it moves to the back, unmarked (second chance, the clock approximation of
   * least recently used: a hit then costs no reordering).
   */
  private remember(entry: Entry): void {
    const memory = this.memory
    const size = memory.size
    memory.set(entry.key, entry)
    if (memory.size === size) entry.used = true
    const max = this.options.maxEntries
    if (memory.size <= max) return
    // The iterator also visits the entries moved to the back, so an unmarked one is found.
    for (const old of memory.values()) {
      if (memory.size <= max) break
      memory.delete(old.key)
      if (old.used) {
        old.used = false
        memory.set(old.key, old)
      } else this.stats.evictions++
    }
  }

  set(entry: Entry, useStorage: boolean): void {
    const tier = useStorage ? this.storage() : this.storageTier
    // An entry of a request that skips storage must not leave an older one there.
    if (tier && useStorage) tier.set(entry)
    else if (tier) tier.delete(entry.key)
    // After storage: the memory tier's marks are not for storage.
    this.remember(entry)
  }

  delete(key: string): void {
    this.memory.delete(key)
    if (this.storageTier) this.storageTier.delete(key)
  }

  /** Drops every entry that `matches` in both tiers (stored ones unread); returns how many. */
  drop(matches: (entry: Described) => boolean): number {
    const keys: Record<string, true> = {}
    const mark = (entry: Described, key: string): void => {
      if (matches(entry)) keys[key] = true
    }
    this.memory.forEach(mark)
    const tier = this.storage()
    if (tier) tier.metas.forEach(mark)
    const list = Object.keys(keys)
    for (const key of list) this.delete(key)
    this.generation++
    return list.length
  }

  invalidate(query: Invalidation): number {
    return this.drop(matcher(query))
  }

  /** The scope watch of `source` (a new source replaces the old one). */
  watch(source: TokenSource): ScopeWatch {
    let watch = this.scopeWatch
    if (!watch || watch.source !== source) {
      watch = this.scopeWatch = new ScopeWatch(source, (keep) => {
        this.drop((entry) => entry.scope !== '' && !keep(entry.scope))
      })
    }
    return watch
  }

  getStats(): CacheStats {
    const tier = this.storageTier
    return Object.assign({}, this.stats, {
      entries: this.memory.size,
      stored: tier ? tier.metas.size : 0,
      bytes: tier ? tier.bytes : 0,
    })
  }
}

declare module '@miniwire/core' {
  interface Services {
    /** The cache of a runtime object (plugin-cache). */
    cacheStore: CacheStore
  }
}

/** The cache of a runtime object: every client on it shares one; the first options made it. */
export const storeOf = (wx: WxRuntime, options: ResolvedCacheOptions): CacheStore =>
  runtimeService(wx, 'cacheStore', () => new CacheStore(wx, options))
