/**
 * One cache per runtime object, in core's per-runtime slot: the memory tier (a Map with
 * second-chance eviction, replaced by a copy of itself now and then: see `remember`), the
 * storage tier (opened when a request first wants it, or to
 * invalidate what a previous run of the app stored), the requests in flight, the counters,
 * and the token source it follows.
 */
import { runtimeService, type WxRuntime } from '@miniwire/core'
import { type Entry, keepUntil } from './entry'
import type { Job } from './fetch'
import type { Invalidation, ResolvedCacheOptions } from './options'
import { ScopeWatch, type Scoping } from './scope'
import { type CacheStats, type Counters, newCounters } from './stats'
import { openStorage, type StorageTier } from './storage'

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

/** The cache of one runtime object. */
export interface CacheStore extends Scoping {
  readonly stats: Counters
  /** Requests in flight, one per key, for dedupe (see `flight.ts`). */
  readonly flights: Job[]
  /** Moves on at every invalidation, so an answer fetched before it is not stored after it. */
  generation: number
  /** The entry for `key` if it is still worth anything at `now`. */
  get(key: string, now: number, useStorage: boolean): Entry | undefined
  set(entry: Entry, useStorage: boolean): void
  delete(key: string): void
  /** Drops every entry that `matches` in both tiers (stored ones unread); returns how many. */
  drop(matches: (entry: Described) => boolean): number
  invalidate(query: Invalidation): number
  getStats(): CacheStats
}

function createStore(wx: WxRuntime, options: ResolvedCacheOptions): CacheStore {
  const stats = newCounters()
  let memory = new Map<string, Entry>()
  /** Evictions and moves in `memory` since it was made (see `remember`). */
  let deleted = 0
  let tier: StorageTier | undefined
  let scopeWatch: ScopeWatch | undefined

  /** The storage tier, opened (its index read) on first use; `undefined` without wx storage. */
  function storage(): StorageTier | undefined {
    // A runtime without the synchronous storage API has memory only.
    if (!tier && typeof wx.getStorageInfoSync === 'function') {
      tier = openStorage(wx, options.maxBytes, stats)
    }
    return tier
  }

  /**
   * Puts an entry in the memory tier: a new key at the back, a known one in its old place,
   * marked used. Beyond `maxEntries` the front entry goes, unless it was used since it was
   * put there: then it moves to the back, unmarked (second chance, the clock approximation of
   * least recently used: a hit then costs no reordering of the Map, which cost more than the
   * rest of a hit).
   */
  function remember(entry: Entry): void {
    const size = memory.size
    memory.set(entry.key, entry)
    if (memory.size === size) entry.used = true
    const max = options.maxEntries
    if (memory.size <= max) return
    // The iterator also visits the entries moved to the back, so an unmarked one is found.
    for (const old of memory.values()) {
      if (memory.size <= max) break
      memory.delete(old.key)
      deleted++
      if (old.used) {
        old.used = false
        memory.set(old.key, old)
      } else stats.evictions++
    }
    // A `Map` with steady churn (an entry added and another evicted on every miss) rebuilds its
    // hash table every few dozen changes, and V8 links each table it leaves to its successor,
    // for iterators, with the old entries still in it. Once one of those tables has outlived a
    // young-generation collection, the chain keeps every later table and every entry ever
    // stored alive until the next full collection: in `pnpm bench`, 1000 URLs through a
    // 100-entry cache made every request of the process, cached or not, 10–20× slower. A new
    // `Map`, made after as many deletions as it has entries, is not on the old one's chain.
    if (deleted > memory.size + 32) {
      memory = new Map(memory)
      deleted = 0
    }
  }

  function remove(key: string): void {
    memory.delete(key)
    if (tier) tier.delete(key)
  }

  const store: CacheStore = {
    stats,
    flights: [],
    generation: 0,
    get(key, now, useStorage) {
      // A memory hit only marks the entry used (see `remember`).
      let entry = memory.get(key)
      if (entry) entry.used = true
      else if (useStorage) {
        const stored = storage()
        entry = stored && stored.get(key)
        if (entry) remember(entry)
      }
      if (entry && now >= entry.expires && keepUntil(entry) <= now) {
        remove(key)
        return undefined
      }
      return entry
    },
    set(entry, useStorage) {
      const stored = useStorage ? storage() : tier
      // An entry of a request that skips storage must not leave an older one there.
      if (stored && useStorage) stored.set(entry)
      else if (stored) stored.delete(entry.key)
      // After storage: the memory tier's marks are not for storage.
      remember(entry)
    },
    delete: remove,
    drop(matches) {
      // Deleting from both tiers as memory is walked: storage's walk then skips those keys.
      let count = 0
      const each = (entry: Described, key: string): void => {
        if (matches(entry)) {
          remove(key)
          count++
        }
      }
      memory.forEach(each)
      const stored = storage()
      if (stored) stored.metas.forEach(each)
      store.generation++
      return count
    },
    invalidate: (query) => store.drop(matcher(query)),
    /** The scope watch of `source` (a new source replaces the old one). */
    watch(source) {
      if (!scopeWatch || scopeWatch.source !== source) {
        scopeWatch = new ScopeWatch(source, (keep) => {
          store.drop((entry) => entry.scope !== '' && !keep(entry.scope))
        })
      }
      return scopeWatch
    },
    getStats: () =>
      Object.assign({}, stats, {
        entries: memory.size,
        stored: tier ? tier.metas.size : 0,
        bytes: tier ? tier.bytes() : 0,
      }),
  }
  if (options.storage) storage()
  return store
}

declare module '@miniwire/core' {
  interface Services {
    /** The cache of a runtime object (plugin-cache). */
    cacheStore: CacheStore
  }
}

/** The cache of a runtime object: every client on it shares one; the first options made it. */
export const storeOf = (wx: WxRuntime, options: ResolvedCacheOptions): CacheStore =>
  runtimeService(wx, 'cacheStore', () => createStore(wx, options))
