/**
 * @miniwire/plugin-cache: a cache that is fast (a memory hit skips the network and the
 * scheduler), correct (full keys, per-user scope, invalidation that survives restarts) and
 * lives within wx's storage limits. Importing it adds `cache` to the request options,
 * `ctx.state.cache`, and the `cache:update` event.
 */
import type { CacheOptions, CacheUpdate } from './options'

/** How the cache answered a request. */
export type CacheStatus = 'hit' | 'stale' | 'miss' | 'shared' | 'revalidated'

declare module '@miniwire/core' {
  interface RequestOptions {
    /**
     * Cache options, layered: the request's over the client's (`createClient({ cache })`) over
     * the plugin's; `false` switches the cache off.
     * @example client.get('/articles', { cache: { ttl: 30_000, tags: ['feed'] } })
     */
    cache?: CacheOptions | false
  }
  interface ContextState {
    /** Set by the cache plugin: a fresh or stale hit, a miss, a shared in-flight run, a 304. */
    cache?: CacheStatus
  }
  interface ClientEvents {
    /** A stale answer was refreshed in the background: `setData` the fresh one. */
    'cache:update': CacheUpdate
  }
}

export { type CacheHandle, getCache } from './handle'
export { stableStringify } from './key'
export type { CacheOptions, CacheUpdate, Invalidation } from './options'
export { cache } from './plugin'
export type { CacheStats } from './stats'
