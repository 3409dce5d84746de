/**
 * What an app holds of the cache: `getCache(client)` gives the handle the plugin put in the
 * client's slot (an `extend()`ed child sees its parent's). It finds the cache of the client's
 * runtime on first use, so invalidating by tag right after a restart reaches what the previous
 * run stored (alova could not clear a storage-restored entry by name: alova#300, #91).
 */
import { type Client, lookup } from '@miniwire/core'
import { relativeTo } from './mutation'
import type { Invalidation, ResolvedCacheOptions } from './options'
import type { CacheStats } from './stats'
import { storeOf } from './store'

/** The cache as an app sees it. */
export interface CacheHandle {
  /**
   * Drops the entries matching any condition of `query`, in memory and in storage; returns
   * how many. A relative `prefix` is joined with the client's baseURL.
   * @example getCache(client).invalidate({ prefix: '/articles', tags: ['feed'] })
   */
  invalidate(query: Invalidation): number
  /** Drops every entry of this cache; returns how many. */
  clear(): number
  /** Counters and sizes. */
  getStats(): CacheStats
}

declare module '@miniwire/core' {
  interface Services {
    /** The cache handle of a client (plugin-cache). */
    cache: CacheHandle
  }
}

export function createHandle(client: Client, options: ResolvedCacheOptions): CacheHandle {
  const store = () => storeOf(client.wx, options)
  return {
    invalidate: (query) => store().invalidate(relativeTo(client.defaults.baseURL, query)),
    clear: () => store().drop(() => true),
    getStats: () => store().getStats(),
  }
}

/**
 * The cache of a client (or its ancestors); `undefined` when no `cache()` plugin is on it.
 *
 * @example
 * await client.post('/articles', draft)
 * getCache(client)?.invalidate({ tags: ['feed'] })
 */
export function getCache(client: Client): CacheHandle | undefined {
  return lookup(client, 'cache')
}
