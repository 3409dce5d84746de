/**
 * The cache plugin. A fresh hit answers by setting `ctx.response` without calling `next()`; a
 * stale hit answers the same way and replays the inner onion in the background
 * (`next({ background: true })`: retry and auth run again, loading above does not show); a
 * miss joins an identical request in flight or leads a new one. Mutations that succeed drop
 * the answers they make stale.
 */
import {
  type Context,
  joinURL,
  type Next,
  type Plugin,
  provide,
  type WxRuntime,
} from '@miniwire/core'
import { toResponse } from './entry'
import { fetchInto, type Job } from './fetch'
import { flightOf, join } from './flight'
import { createHandle } from './handle'
import { requestKey } from './key'
import { mutated } from './mutation'
import { type CacheOptions, cacheOptions, type ResolvedCacheOptions } from './options'
import { scopeOf } from './scope'
import { type CacheStore, storeOf } from './store'

const done = Promise.resolve()
const ignore = (): void => {}

/**
 * Refreshes a stale entry once the caller has its answer, as a flight (misses meanwhile join
 * it; stale hits meanwhile or just after do not start another).
 */
function revalidate(job: Job, next: Next): void {
  const { ctx, store, key, options } = job
  // A timer, not a microtask: the caller's request settles before the replay rewrites ctx.response.
  setTimeout(() => {
    // Someone is refreshing it, or already did.
    const now = Date.now()
    const entry = store.get(key, now, false)
    if (flightOf(store.flights, key) || (entry && now < entry.expires)) return
    fetchInto(job, next, true, true).then(() => {
      if (ctx.state.cache === 'revalidated') return
      const update = { ctx, response: ctx.response! }
      ctx.client.emit('cache:update', update)
      // From a timer, so that an app's bug in it surfaces as an uncaught error.
      const onUpdate = options.onUpdate
      if (onUpdate) setTimeout(() => onUpdate(update), 0)
    }, ignore)
  }, 0)
}

/** A miss: joins the identical request in flight, or runs one that others may join. */
function miss(job: Job, next: Next): Promise<void> {
  const { ctx, store, key, options } = job
  const running = options.dedupe && flightOf(store.flights, key)
  if (running) {
    store.stats.dedupes++
    ctx.state.cache = 'shared'
    return join(running, ctx, () => miss(job, next))
  }
  store.stats.misses++
  return fetchInto(job, next, false, options.dedupe)
}

function lookup(
  ctx: Context,
  next: Next,
  options: ResolvedCacheOptions,
  store: CacheStore,
  scope: string,
): Promise<void> {
  const request = ctx.request
  const url = joinURL(request.baseURL, request.url)
  const key = requestKey(request, url, scope, options.vary, options.key)
  // Params or a body the cache cannot key (binary, circular): not cached.
  if (key === undefined) return next()
  const now = Date.now()
  const entry = store.get(key, now, options.storage)
  if (entry && now < entry.expires) {
    store.stats.hits++
    ctx.state.cache = 'hit'
    ctx.response = toResponse(entry)
    return done
  }
  // Every field from the start (`run` too): one object shape, no property added later.
  const job: Job = { ctx, store, key, url, scope, entry, options, now, run: undefined }
  if (entry && now < entry.staleUntil) {
    store.stats.staleHits++
    ctx.state.cache = 'stale'
    ctx.response = toResponse(entry)
    revalidate(job, next)
    return done
  }
  ctx.state.cache = 'miss'
  return miss(job, next)
}

/**
 * Caches answers in memory (and, with `storage: true`, in wx storage): per user, with TTL,
 * stale-while-revalidate, stale-if-error, in-flight dedupe, tags, HTTP validators and
 * invalidation by mutations. Reach it with `getCache(client)`.
 *
 * @param options the plugin's defaults
 * @example
 * import { createClient } from '@miniwire/core'
 * import { cache, getCache } from '@miniwire/plugin-cache'
 *
 * const client = createClient({ plugins: [cache({ ttl: 60_000, storage: true })] })
 * await client.get('/articles', { cache: { tags: ['feed'], staleWhileRevalidate: 300_000 } })
 * await client.get('/me', { cache: false })          // never cached
 * getCache(client).invalidate({ tags: ['feed'] })
 */
export function cache(options: CacheOptions = {}): Plugin {
  const resolved = cacheOptions.resolve(options)
  // The last runtime's cache, remembered: most apps have one runtime.
  let lastWx: WxRuntime | undefined
  let lastStore: CacheStore | undefined
  return {
    name: 'cache',
    stage: 'cache',
    optionKeys: ['cache'],
    setup(client) {
      provide(client, 'cache', createHandle(client, resolved))
    },
    middleware: function cache(ctx, next) {
      const own = cacheOptions.forRequest(
        ctx,
        resolved,
        ctx.request.cache,
        ctx.client.defaults.cache,
      )
      if (own === false) return next()
      const method = ctx.request.method
      if (!own.methods[method] && own.key === undefined) {
        return /^(POST|PUT|PATCH|DELETE)$/.test(method) ? mutated(ctx, next, own) : next()
      }
      let store: CacheStore
      let scope: string | Promise<string>
      try {
        const wx = ctx.client.wx
        store = wx === lastWx ? lastStore! : (lastStore = storeOf((lastWx = wx), own))
        scope = scopeOf(ctx, own, store)
      } catch {
        // No runtime (the adapter will say so) or a scope function that threw: not cached.
        return next()
      }
      return typeof scope === 'string'
        ? lookup(ctx, next, own, store, scope)
        : scope.then((value) => lookup(ctx, next, own, store, value))
    },
  }
}
