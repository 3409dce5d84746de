/**
 * The memory tier's semantics on a scripted fake wx (pure pipeline behaviour): keys, TTL,
 * methods, invalidation, stats. Network behaviour is in integration.test.ts.
 */
import { createClient, isHttpError } from '@miniwire/core'
import { createFakeWx } from '@miniwire/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cache, getCache, stableStringify } from '../src'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** A fake server that answers each call with its URL, body and a call number. */
function echoWx(header: Record<string, string> = {}) {
  let n = 0
  return createFakeWx((options) => ({
    statusCode: 200,
    header,
    data: { url: options.url, body: options.data ?? null, n: ++n },
  }))
}

describe('keys', () => {
  it('should serialise params with sorted keys at every depth', () => {
    expect(stableStringify({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe(
      '{"a":[2,{"c":4,"d":3}],"b":1}',
    )
  })

  it('should answer the same entry whatever the order of params keys', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache()] })
    await client.get('/list', { params: { page: 1, size: 10 } })
    const second = await client.get('/list', { params: { size: 10, page: 1 } })
    expect(wx.calls).toHaveLength(1)
    expect(second).toMatchObject({ n: 1 })
  })

  it('should not return another request’s data for keys that collide under a 32-bit string hash (seed-guide defect 9)', async () => {
    // "Aa" and "BB" have the same 31-based string hash the seed guide keyed its cache by.
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache()] })
    const a = await client.get('/q', { params: { k: 'Aa' } })
    const b = await client.get('/q', { params: { k: 'BB' } })
    expect(a).toMatchObject({ url: '/q?k=Aa' })
    expect(b).toMatchObject({ url: '/q?k=BB' })
    expect(wx.calls).toHaveLength(2)
  })

  it('should keep crafted params that spell another query apart from it', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache()] })
    await client.get('/q', { params: { a: '1&b=2' } })
    await client.get('/q', { params: { a: '1', b: '2' } })
    await client.get('/q?a=1', { params: { b: '2' } })
    await client.get('/q', { params: { 'a=1&b': '2' } })
    expect(wx.calls).toHaveLength(4)
  })

  it('should keep an explicit key that spells a request’s key apart from that request', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache()] })
    await client.get('/a')
    expect(await client.get('/b', { cache: { key: 'GET /a' } })).toMatchObject({ url: '/b' })
    expect(await client.get('/a')).toMatchObject({ url: '/a', n: 1 })
    expect(wx.calls).toHaveLength(2)
  })

  it('should tell answers apart by the vary headers', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache({ vary: ['Accept-Language'] })] })
    await client.get('/i18n', { headers: { 'accept-language': 'zh' } })
    await client.get('/i18n', { headers: { 'accept-language': 'en' } })
    await client.get('/i18n', { headers: { 'accept-language': 'zh' } })
    expect(wx.calls).toHaveLength(2)
  })

  it('should not add a cache-busting _t to GETs (seed-guide defect 11)', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache()] })
    await client.get('/plain')
    expect(wx.calls[0]!.options.url).toBe('/plain')
  })
})

describe('time to live', () => {
  it('should answer from memory until the ttl has passed, then go to the network', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache({ ttl: 1000 })] })
    await client.get('/a')
    vi.advanceTimersByTime(999)
    expect(await client.get('/a')).toMatchObject({ n: 1 })
    vi.advanceTimersByTime(1)
    expect(await client.get('/a')).toMatchObject({ n: 2 })
  })

  it('should take a per-request ttl over the client’s and the plugin’s', async () => {
    const wx = echoWx()
    const client = createClient({ wx, cache: { ttl: 10_000 }, plugins: [cache({ ttl: 1 })] })
    await client.get('/a', { cache: { ttl: 100 } })
    vi.advanceTimersByTime(100)
    expect(await client.get('/a')).toMatchObject({ n: 2 })
    vi.advanceTimersByTime(5000)
    expect(await client.get('/a')).toMatchObject({ n: 2 })
  })

  it('should follow the server’s max-age when no ttl is given, and store nothing on no-store', async () => {
    const aged = echoWx({ 'Cache-Control': 'private, max-age=5' })
    const client = createClient({ wx: aged, plugins: [cache()] })
    await client.get('/a')
    vi.advanceTimersByTime(4999)
    await client.get('/a')
    expect(aged.calls).toHaveLength(1)
    vi.advanceTimersByTime(1)
    await client.get('/a')
    expect(aged.calls).toHaveLength(2)

    const secret = echoWx({ 'cache-control': 'no-store' })
    const other = createClient({ wx: secret, plugins: [cache()] })
    await other.get('/a')
    await other.get('/a')
    expect(secret.calls).toHaveLength(2)
  })

  it('should bypass the cache for a request with cache: false', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache()] })
    await client.get('/a')
    expect(await client.get('/a', { cache: false })).toMatchObject({ n: 2 })
  })

  it('should not store failures', async () => {
    let status = 500
    const wx = createFakeWx(() => ({ statusCode: status, data: { status } }))
    const client = createClient({ wx, plugins: [cache()] })
    await expect(client.get('/a')).rejects.toSatisfy(isHttpError)
    status = 200
    expect(await client.get('/a')).toEqual({ status: 200 })
    expect(await client.get('/a')).toEqual({ status: 200 })
    expect(wx.calls).toHaveLength(2)
  })
})

describe('methods', () => {
  it('should cache GET and HEAD but not POST by default (umi#3562 cached GET only; POST by opt-in)', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache({ onMutation: false })] })
    await client.post('/search', { q: 'x' })
    await client.post('/search', { q: 'x' })
    expect(wx.calls).toHaveLength(2)
    await client.post('/search', { q: 'x' }, { cache: { key: 'search:x' } })
    const hit = await client.post('/search', { q: 'x' }, { cache: { key: 'search:x' } })
    expect(wx.calls).toHaveLength(3)
    expect(hit).toMatchObject({ n: 3 })
  })

  it('should key a POST by its body when POST is among the methods', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache({ methods: ['get', 'post'] })] })
    await client.post('/query', { q: 'a', page: 1 })
    await client.post('/query', { page: 1, q: 'a' })
    await client.post('/query', { q: 'b', page: 1 })
    expect(wx.calls).toHaveLength(2)
  })

  it('should refuse bad options with ERR_INVALID_OPTION naming the option', () => {
    expect(() => cache({ ttl: -1 })).toThrow(/cache\.ttl must be a finite number ≥ 0, got -1/)
    expect(() => cache({ methods: 'GET' as never })).toThrow(/cache\.methods must be an array/)
    expect(() => cache({ tll: 5 } as never)).toThrow(/unknown option cache\.tll/)
  })
})

describe('invalidation', () => {
  it('should drop entries by explicit key, URL prefix, pattern and tag', async () => {
    const wx = echoWx()
    const client = createClient({ wx, baseURL: 'https://api.test', plugins: [cache()] })
    const handle = getCache(client)!
    const load = async () => {
      await client.get('/articles', { cache: { tags: ['feed'] } })
      await client.get('/articles/1')
      await client.get('/users/1')
      await client.post('/search', {}, { cache: { key: 'search' } })
    }
    await load()
    expect(handle.invalidate({ key: 'search' })).toBe(1)
    expect(handle.invalidate({ prefix: '/articles' })).toBe(2)
    expect(handle.invalidate({ pattern: /\/users\/\d+$/ })).toBe(1)
    await load()
    expect(handle.invalidate({ tags: ['feed'] })).toBe(1)
    expect(handle.clear()).toBe(3)
  })

  it('should drop the answers under a mutated resource when the mutation succeeds', async () => {
    const wx = echoWx()
    const client = createClient({ wx, baseURL: 'https://api.test/v1', plugins: [cache()] })
    await client.get('/articles', { params: { page: 2 } })
    await client.get('/articles/1')
    await client.get('/article-tags')
    await client.get('/users/1')
    await client.put('/articles/1', { title: 'x' })
    const before = wx.calls.length
    await client.get('/articles', { params: { page: 2 } })
    await client.get('/articles/1')
    await client.get('/article-tags')
    await client.get('/users/1')
    expect(wx.calls.length - before).toBe(2)
  })

  it('should let a custom rule decide what a mutation drops, per client or per request', async () => {
    const wx = echoWx()
    const rule = vi.fn(() => ({ prefix: '/users' }))
    const client = createClient({ wx, plugins: [cache({ onMutation: rule })] })
    await client.get('/feed', { cache: { tags: ['feed'] } })
    await client.get('/users/1')
    await client.post('/likes', {})
    expect(rule).toHaveBeenCalledTimes(1)
    expect(getCache(client)!.getStats().entries).toBe(1)
    await client.post('/likes', {}, { cache: { onMutation: () => ({ tags: ['feed'] }) } })
    expect(getCache(client)!.getStats().entries).toBe(0)
  })

  it('should not store an answer that was in flight while its entry was invalidated', async () => {
    let release: () => void = () => {}
    const wx = createFakeWx(
      () => new Promise((resolve) => (release = () => resolve({ statusCode: 200, data: 1 }))),
    )
    const client = createClient({ wx, plugins: [cache()] })
    const pending = client.get('/a')
    await vi.advanceTimersByTimeAsync(0)
    getCache(client)!.invalidate({ prefix: '/a' })
    release()
    await pending
    expect(getCache(client)!.getStats().entries).toBe(0)
  })
})

describe('stats', () => {
  it('should count hits, misses and entries', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache({ maxEntries: 2 })] })
    await client.get('/a')
    await client.get('/a')
    await client.get('/b')
    await client.get('/c')
    expect(getCache(client)!.getStats()).toMatchObject({
      hits: 1,
      misses: 3,
      entries: 2,
      evictions: 1,
    })
  })

  it('should evict the entry not used since it was stored, keeping one that was hit (second chance)', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache({ maxEntries: 2 })] })
    await client.get('/a')
    await client.get('/b')
    await client.get('/a') // a hit: /a is marked used
    await client.get('/c') // over maxEntries: /a moves to the back, /b goes
    expect(await client.get('/a')).toMatchObject({ url: '/a', n: 1 })
    expect(await client.get('/b')).toMatchObject({ url: '/b', n: 4 })
    expect(getCache(client)!.getStats()).toMatchObject({ entries: 2, evictions: 2 })
  })

  it('should keep giving a second chance to entries that were hit after an invalidation took one from the middle', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache({ maxEntries: 3 })] })
    await client.get('/a')
    await client.get('/b')
    await client.get('/c')
    expect(getCache(client)!.invalidate({ prefix: '/b' })).toBe(1)
    await client.get('/a') // a hit: /a is marked used
    await client.get('/d') // the free place
    await client.get('/e') // full: /a is spared, /c goes
    expect(await client.get('/a')).toMatchObject({ url: '/a', n: 1 })
    expect(await client.get('/d')).toMatchObject({ url: '/d', n: 4 })
    expect(await client.get('/c')).toMatchObject({ url: '/c', n: 6 })
    expect(getCache(client)!.getStats()).toMatchObject({ entries: 3, evictions: 2 })
  })

  it('should hold at most maxEntries and keep answering through thousands of evictions and invalidations', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache({ maxEntries: 10 })] })
    for (let i = 0; i < 3000; i++) {
      await client.get(`/item/${i % 40}`)
      if (i % 97 === 0) getCache(client)!.invalidate({ prefix: `/item/${i % 40}` })
    }
    const stats = getCache(client)!.getStats()
    expect(stats.entries).toBeLessThanOrEqual(10)
    expect(stats.misses - stats.entries).toBeGreaterThanOrEqual(stats.evictions)
    // The loop's last request was /item/39: the entry it stored answers the next two.
    const first = await client.get('/item/39')
    expect(await client.get('/item/39')).toEqual(first)
    expect(getCache(client)!.getStats().hits).toBe(stats.hits + 2)
  })

  it('should drop every matching entry when the memory tier is renewed in the middle of an invalidation', async () => {
    const wx = echoWx()
    const client = createClient({ wx, plugins: [cache({ maxEntries: 3 })] })
    for (const path of ['/a', '/b', '/c', '/d', '/e']) await client.get(path) // two evictions
    // Every three deletions renew the tier's Map: the first one here does, and the walk goes on.
    expect(getCache(client)!.invalidate({ prefix: '/' })).toBe(3)
    expect(getCache(client)!.getStats()).toMatchObject({ entries: 0, evictions: 2 })
    expect(await client.get('/e')).toMatchObject({ url: '/e', n: 6 })
    expect(await client.get('/e')).toMatchObject({ url: '/e', n: 6 })
  })

  it('should mark ctx.state.cache for observers', async () => {
    const wx = echoWx()
    const seen: unknown[] = []
    const client = createClient({ wx, plugins: [cache()] })
    client.on('response', (ctx) => seen.push(ctx.state.cache))
    await client.get('/a')
    await client.get('/a')
    expect(seen).toEqual(['miss', 'hit'])
  })
})
