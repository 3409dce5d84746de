/**
 * The cache options: one interface for the factory (`cache({ … })`), the client's defaults
 * (`createClient({ cache })`) and each request (`client.get(url, { cache: { ttl } })`), layered
 * and checked by core's plugin kit. A bad value throws `ERR_INVALID_OPTION` naming the option.
 */
import { type Context, checks, defineOptions, type MiniwireResponse } from '@miniwire/core'

/** What to drop from the cache: entries matching any of the given conditions. */
export interface Invalidation {
  /** Entries stored under this explicit `key`. */
  key?: string
  /** Entries whose URL starts with this (a relative prefix is joined with the client's baseURL). */
  prefix?: string
  /** Entries whose full URL matches. */
  pattern?: RegExp
  /** Entries carrying any of these tags. */
  tags?: string[]
}

/** What `onUpdate` and the client's `cache:update` event are told. */
export interface CacheUpdate {
  /** The request whose stale answer was refreshed in the background. */
  ctx: Context
  /** The fresh response. */
  response: MiniwireResponse
}

/** Cache options. `false` (on the client or a request) switches the cache off. */
export interface CacheOptions {
  /**
   * Milliseconds an answer stays fresh. The server's `Cache-Control: no-store` always keeps
   * an answer out; an expired entry with an `ETag` or `Last-Modified` is revalidated
   * (`If-None-Match` / `If-Modified-Since`, a 304 refreshes it).
   * @default the server's `Cache-Control: max-age` when it sends one, else 60 000
   * @example { ttl: 5 * 60_000 }
   */
  ttl?: number
  /**
   * Methods that are cached. Any other method is cached only when the request names an
   * explicit `key` (a POST used for a query).
   * @default ['GET', 'HEAD']
   */
  methods?: string[]
  /**
   * The entry's name instead of method + URL + params + body, e.g. for a POST query.
   * It is still scoped per user.
   * @example client.post('/search', { q }, { cache: { key: `search:${q}` } })
   */
  key?: string
  /**
   * Tags to invalidate the entry by (`getCache(client).invalidate({ tags: ['feed'] })`).
   * @default []
   */
  tags?: string[]
  /**
   * Milliseconds after expiry during which a stale answer is returned at once while the
   * request is replayed in the background to refresh it (see `onUpdate`).
   * @default 0
   */
  staleWhileRevalidate?: number
  /**
   * Milliseconds after expiry during which a stale answer is returned when the network fails
   * (a network error, a timeout or a 5xx).
   * @default 0
   */
  staleIfError?: number
  /**
   * Identical requests in flight share one network task and its result.
   * @default true
   */
  dedupe?: boolean
  /**
   * Keep entries in wx storage too, so they survive a restart.
   * @default false
   */
  storage?: boolean
  /**
   * Entries kept in memory (least recently used go first).
   * @default 100
   */
  maxEntries?: number
  /**
   * Bytes the storage tier may use (wx allows 10 MB in all and 1 MB per key). Every client
   * on a runtime shares one cache: the first `cache()` used sets `maxEntries` and `maxBytes`.
   * @default 2 MB
   */
  maxBytes?: number
  /**
   * Request headers that tell answers apart (e.g. `['accept-language']`).
   * @default []
   */
  vary?: string[]
  /**
   * The user an answer belongs to. By default it is derived from the token source (a hash of
   * the token, so a token refresh starts a new scope; give a stable user id here to keep the
   * cache across refreshes); signed-out requests share the scope `''`.
   * @example { scope: () => store.userId }
   */
  scope?: (ctx: Context) => string | undefined
  /**
   * What a successful POST / PUT / PATCH / DELETE invalidates: `'resource'` drops the cached
   * answers whose URL starts with the mutation's first path segment (`PUT /articles/1` drops
   * `/articles`, `/articles?page=2`, `/articles/1`); a function says what to drop; `false` nothing.
   * @default 'resource'
   */
  onMutation?: 'resource' | false | ((ctx: Context) => Invalidation | undefined)
  /**
   * Called with the fresh response after a stale answer was refreshed in the background.
   * @example onUpdate: ({ response }) => page.setData({ list: response.data })
   */
  onUpdate?: (update: CacheUpdate) => void
}

/** Options with every default filled in. */
export type ResolvedCacheOptions = Omit<
  Required<CacheOptions>,
  'ttl' | 'key' | 'scope' | 'onUpdate' | 'methods' | 'vary'
> & {
  ttl?: number
  key?: string
  scope?: CacheOptions['scope']
  onUpdate?: CacheOptions['onUpdate']
  /** Upper-case method names. */
  methods: Record<string, true>
  vary: string[]
}

const { arrayOf, boolean, either, func, integer, mapped, number, oneOf, string } = checks

function methodSet(methods: string[]): Record<string, true> {
  const set: Record<string, true> = {}
  for (const method of methods) set[method.toUpperCase()] = true
  return set
}

export const cacheOptions = defineOptions<CacheOptions, ResolvedCacheOptions>({
  key: 'cache',
  schema: {
    ttl: number(),
    methods: mapped(arrayOf('string'), methodSet),
    key: string,
    tags: arrayOf('string'),
    staleWhileRevalidate: number(),
    staleIfError: number(),
    dedupe: boolean,
    storage: boolean,
    maxEntries: integer(1),
    maxBytes: integer(1),
    vary: arrayOf('string'),
    scope: func,
    onMutation: either(oneOf('resource', false), func),
    onUpdate: func,
  },
  // ttl, key, scope and onUpdate are undefined until given.
  defaults: {
    methods: { GET: true, HEAD: true },
    tags: [],
    staleWhileRevalidate: 0,
    staleIfError: 0,
    dedupe: true,
    storage: false,
    maxEntries: 100,
    maxBytes: 2 * 1024 * 1024,
    vary: [],
    onMutation: 'resource',
  },
})

/** Milliseconds an answer stays fresh when neither the options nor the server say. */
export const DEFAULT_TTL = 60_000
