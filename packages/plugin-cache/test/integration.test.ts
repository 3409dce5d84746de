/**
 * The cache against the demo server through wx-node: real requests counted at the server, real
 * ETags and 304s, two users on one device, a background refresh that brings new data.
 */
import { type Client, provide, type TokenSource } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cache, getCache } from '../src'

const env = useIntegration()

afterEach(() => {
  vi.useRealTimers()
})

/** A token source the test signs in and out of, and the middleware that sends its token. */
function signIn(client: Client, first: string | undefined) {
  let token = first
  const listeners: Array<(token: string | undefined) => void> = []
  const source: TokenSource = {
    getToken: async () => token,
    refresh: async () => token!,
    onChange: (listener) => {
      listeners.push(listener)
      return () => {}
    },
  }
  provide(client, 'tokens', source)
  client.use(async function bearer(ctx, next) {
    if (token) ctx.request.headers.authorization = `Bearer ${token}`
    await next()
  })
  return (next: string | undefined) => {
    token = next
    for (const listener of listeners) listener(next)
  }
}

type Envelope<T> = { code: number; data: T }

describe('the cache against a real server', () => {
  it('should make one network call for 100 identical concurrent GETs (counted at the server)', async () => {
    const client = env.client({ plugins: [cache()] })
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => client.get<Envelope<{ id: number }>>('/articles/1')),
    )
    expect(env.server.counters.requestsByRoute['GET /articles/:id']).toBe(1)
    expect(new Set(answers.map((a) => a.data.id))).toEqual(new Set([1]))
    expect(getCache(client)!.getStats()).toMatchObject({ misses: 1, dedupes: 99 })
  })

  it('should revalidate an expired entry with If-None-Match and keep it on a 304', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const client = env.client({ plugins: [cache()] })
    const first = await client.get('/articles/2')
    // The server says max-age=60: a minute later the entry has expired.
    vi.setSystemTime(Date.now() + 61_000)
    const second = await client.get('/articles/2')
    expect(second).toEqual(first)
    const log = env.server.requestLog.filter((entry) => entry.path === '/articles/2')
    expect(log.map((entry) => entry.status)).toEqual([200, 304])
    expect(log[1]!.headers['if-none-match']).toMatch(/^".+"$/)
    // The 304 refreshed the entry: the next read is a plain hit.
    await client.get('/articles/2')
    expect(env.server.counters.requestsByRoute['GET /articles/:id']).toBe(2)
    expect(getCache(client)!.getStats()).toMatchObject({ revalidations: 1, hits: 1 })
  })

  it('should keep two users on one device apart and purge the signed-in answers on sign-out', async () => {
    const client = env.client({ plugins: [cache({ storage: true })] })
    const alice = env.server.issueTokens({ userId: 2 }).accessToken
    const bob = env.server.issueTokens({ userId: 3 }).accessToken
    const switchTo = signIn(client, alice)
    const me = async () => (await client.get<Envelope<{ username: string }>>('/users/me')).data
    expect((await me()).username).toBe('alice')
    expect((await me()).username).toBe('alice')
    switchTo(bob)
    expect((await me()).username).toBe('bob')
    expect(env.server.counters.requestsByRoute['GET /users/me']).toBe(2)
    switchTo(undefined)
    expect(getCache(client)!.getStats()).toMatchObject({ entries: 0, bytes: 0 })
    const keys = env.wx.getStorageInfoSync().keys.filter((k) => k.startsWith('miniwire:cache'))
    expect(keys.every((k) => k === 'miniwire:cache')).toBe(true)
  })

  it('should show the stale value at once and then the fresh one from the background refresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const admin = env.server.issueTokens({ userId: 1 }).accessToken
    const writer = env.client({ headers: { authorization: `Bearer ${admin}` } })
    const client = env.client({ plugins: [cache({ ttl: 1000, staleWhileRevalidate: 600_000 })] })
    const title = async () =>
      (await client.get<Envelope<{ title: string }>>('/articles/3')).data.title
    const before = await title()
    await writer.put('/articles/3', { title: 'SWR 新标题', content: 'updated' })
    vi.setSystemTime(Date.now() + 2000)
    const updated = new Promise<unknown>((resolve) =>
      client.on('cache:update', ({ response }) => resolve(response.data)),
    )
    expect(await title()).toBe(before)
    expect(await updated).toMatchObject({ data: { title: 'SWR 新标题' } })
    expect(await title()).toBe('SWR 新标题')
  })
})
