import { type Context, createClient, type Plugin, type RequestConfig } from '@miniwire/core'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type CacheHandle,
  type CacheOptions,
  type CacheStats,
  type CacheStatus,
  type CacheUpdate,
  cache,
  getCache,
} from '../src'

describe('declaration merging', () => {
  it('should add cache to request and client options', () => {
    expectTypeOf<RequestConfig['cache']>().toEqualTypeOf<CacheOptions | false | undefined>()
    const client = createClient({ cache: { ttl: 1000 } })
    client.get('/x', { cache: false })
    client.get('/x', { cache: { tags: ['feed'], staleWhileRevalidate: 60_000 } })
    client.post('/search', {}, { cache: { key: 'search:x' } })
    // @ts-expect-error an unknown option is refused
    client.get('/x', { cache: { tll: 5 } })
  })

  it('should type ctx.state.cache and the cache:update event', () => {
    expectTypeOf<Context['state']['cache']>().toEqualTypeOf<CacheStatus | undefined>()
    const client = createClient()
    client.on('cache:update', (update) => {
      expectTypeOf(update).toEqualTypeOf<CacheUpdate>()
    })
  })
})

describe('public signatures', () => {
  it('should make a plugin and hand out the cache of a client', () => {
    expectTypeOf(cache).parameter(0).toEqualTypeOf<CacheOptions | undefined>()
    expectTypeOf(cache()).toEqualTypeOf<Plugin>()
    expectTypeOf(getCache).returns.toEqualTypeOf<CacheHandle | undefined>()
    expectTypeOf<ReturnType<CacheHandle['getStats']>>().toEqualTypeOf<CacheStats>()
    expectTypeOf<CacheHandle['invalidate']>().parameter(0).toHaveProperty('tags')
  })
})
