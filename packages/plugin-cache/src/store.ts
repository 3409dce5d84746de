/**
 * One cache per runtime object, in core's per-runtime slot: the memory tier (a Map and a
 * clock for second-chance eviction: see `remember`), the storage tier (opened when a request
 * first wants it, or to invalidate what a previous run of the app stored), the requests in
 * flight, the counters, and the token source it follows.
 */
import { runtimeService, type WxRuntime } from '@miniwire/core'
import { type Entry, keepUntil } from './entry'
import type { Job } from './fetch'
import type { Invalidation, ResolvedCacheOptions } from './options'
import { type ScopeWatch, type Scoping, watchScope } from './scope'
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
  /** The memory tier by key. */
  let memory = new Map<string, Entry>()
  /** Deletions since `memory` was made (see `forget`). */
  let deleted = 0
  /** The same entries in clock order; `hand` is where the next eviction looks first. */
  const ring: Entry[] = []
  let hand = 0
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
   * Puts an entry in the memory tier: a known key keeps its place in the clock, marked used;
   * a new one takes a free place or the first place at or after the hand whose entry was not
   * used since the hand last passed it (second chance, the clock approximation of least
   * recently used: a hit only sets a mark, and neither a hit nor a miss reorders the `Map`).
   */
  function remember(entry: Entry): void {
    const known = memory.get(entry.key)
    memory.set(entry.key, entry)
    if (known) {
      ring[ring.indexOf(known)] = entry
      entry.used = true
    } else if (ring.length < options.maxEntries) {
      ring.push(entry)
    } else {
      let old = ring[hand]!
      while (old.used) {
        old.used = false
        hand = (hand + 1) % ring.length
        old = ring[hand]!
      }
      forget(old.key)
      stats.evictions++
      ring[hand] = entry
      hand = (hand + 1) % ring.length
    }
  }

  /**
   * Deletes from the memory tier. A `Map` with steady churn (an entry added and another evicted
   * on every miss) rebuilds its hash table every few dozen changes, and V8 links each table it
   * leaves to its successor, for iterators, with the old entries still in it. Once one of those
   * tables has outlived a young-generation collection, the chain keeps every later table and
   * every entry stored since alive until the next full collection: about 0.9 MB promoted per
   * scavenge, and every request in the process slower. A new `Map`, made after as many
   * deletions as the tier holds entries, is not on the old one's chain.
   */
  function forget(key: string): void {
    memory.delete(key)
    if (++deleted >= options.maxEntries) {
      deleted = 0
      memory = new Map(memory)
    }
  }

  function remove(key: string): void {
    const entry = memory.get(key)
    if (entry) {
      forget(key)
      // The last place fills the hole (rare: invalidation and expiry). The hand stays below
      // maxEntries, and it is only read once the ring is full again.
      ring[ring.indexOf(entry)] = ring[ring.length - 1]!
      ring.pop()
    }
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
        scopeWatch = watchScope(source, (keep) => {
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
