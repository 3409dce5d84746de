/**
 * The storage tier through wx-node's real, bounded storage: a restart (a new runtime over the
 * same storage file), quotas filled on purpose, what start-up and hits cost in storage calls,
 * and storage content the cache did not write.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { createWx } from '@miniwire/wx-node'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cache, getCache } from '../src'

const env = useIntegration()
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plugin-cache-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const INDEX = 'miniwire:cache'
const route = (key: string) => env.server.counters.requestsByRoute[key] ?? 0

/** One run of the app: a runtime over the storage file and a client with a storage cache. */
function launch(file: string, options: Parameters<typeof cache>[0] = {}) {
  const wx = createWx({ storageFile: file })
  const client = createClient({
    wx,
    baseURL: env.server.url,
    plugins: [cache({ storage: true, ...options })],
  })
  return { wx, client }
}

describe('the storage tier', () => {
  it('should answer from storage after a restart and invalidate by tag after it (alova#300, #91)', async () => {
    const file = join(dir, 'storage.json')
    const first = launch(file)
    await first.client.get('/articles/1', { cache: { tags: ['article'] } })
    await first.client.get('/users/1')
    first.wx.$control.hideApp() // the index is written when the app hides
    await first.wx.$dispose()

    const second = launch(file)
    await second.client.get('/articles/1')
    await second.client.get('/users/1')
    expect(route('GET /articles/:id')).toBe(1)
    expect(route('GET /users/:id')).toBe(1)
    expect(getCache(second.client)!.invalidate({ tags: ['article'] })).toBe(1)
    await second.client.get('/articles/1')
    expect(route('GET /articles/:id')).toBe(2)
    getCache(second.client)!.invalidate({ prefix: '/users' })
    second.wx.$control.hideApp()
    await second.wx.$dispose()

    // The invalidation holds in the run after: only the re-fetched article is there.
    const third = launch(file)
    await third.client.get('/articles/1')
    await third.client.get('/users/1')
    expect(route('GET /articles/:id')).toBe(2)
    expect(route('GET /users/:id')).toBe(2)
    await third.wx.$dispose()
  })

  it('should read one storage key at start-up and write nothing per hit', async () => {
    const file = join(dir, 'storage.json')
    const first = launch(file)
    for (let i = 1; i <= 5; i++) await first.client.get(`/users/${i}`)
    first.wx.$control.hideApp()
    await first.wx.$dispose()

    const wx = createWx({ storageFile: file })
    const reads = vi.spyOn(wx, 'getStorageSync')
    const client = createClient({
      wx,
      baseURL: env.server.url,
      plugins: [cache({ storage: true })],
    })
    getCache(client)!.getStats()
    expect(reads.mock.calls.map((call) => call[0])).toEqual([INDEX])
    await client.get('/users/1')
    const writes = wx.$log.filter((entry) => entry.type === 'storage').length
    for (let i = 0; i < 50; i++) await client.get('/users/1')
    expect(wx.$log.filter((entry) => entry.type === 'storage').length).toBe(writes)
    expect(route('GET /users/:id')).toBe(5)
    await wx.$dispose()
  })

  it('should clear only its own keys, never the app’s (seed-guide defect 9: clear() removed the wrong keys)', async () => {
    const wx = createWx()
    wx.setStorageSync('http_cache_token', 'the app’s')
    wx.setStorageSync('cache', 'the app’s too')
    const client = createClient({
      wx,
      baseURL: env.server.url,
      plugins: [cache({ storage: true })],
    })
    await client.get('/users/1')
    await client.get('/users/2')
    expect(getCache(client)!.clear()).toBe(2)
    wx.$control.hideApp()
    const keys = wx.getStorageInfoSync().keys.sort()
    expect(keys).toEqual(['cache', 'http_cache_token', INDEX])
    expect(wx.getStorageSync('cache')).toBe('the app’s too')
    await wx.$dispose()
  })

  it('should read no entry from storage to store a new one (seed-guide defect 9: every set read every entry)', async () => {
    const wx = createWx()
    const client = createClient({
      wx,
      baseURL: env.server.url,
      plugins: [cache({ storage: true })],
    })
    await client.get('/users/1')
    const reads = vi.spyOn(wx, 'getStorageSync')
    for (let i = 2; i <= 8; i++) await client.get(`/users/${i}`)
    expect(reads).not.toHaveBeenCalled()
    expect(getCache(client)!.getStats().stored).toBe(8)
    await wx.$dispose()
  })

  it('should evict and retry once when wx storage is full of the app’s own data, and never fail the request', async () => {
    const wx = createWx({ storageTotalLimit: 24 * 1024 })
    wx.setStorageSync('app-data', 'x'.repeat(18 * 1024))
    const client = createClient({
      wx,
      baseURL: env.server.url,
      plugins: [cache({ storage: true })],
    })
    for (let i = 1; i <= 12; i++) {
      await expect(client.get('/articles', { params: { page: i } })).resolves.toMatchObject({
        code: 0,
      })
    }
    const stats = getCache(client)!.getStats()
    expect(stats.evictions).toBeGreaterThan(0)
    expect(stats.bytes).toBeLessThan(6 * 1024)
    expect(wx.getStorageSync('app-data')).toHaveLength(18 * 1024)
    await wx.$dispose()
  })

  it('should keep the storage tier within maxBytes, evicting least recently used and skipping entries too large', async () => {
    const wx = createWx()
    const client = createClient({
      wx,
      baseURL: env.server.url,
      plugins: [cache({ storage: true, maxBytes: 4000, maxEntries: 1 })],
    })
    await client.get('/users/1')
    await client.get('/users/2')
    await client.get('/users/1')
    for (let i = 3; i <= 8; i++) await client.get(`/users/${i}`)
    const stats = getCache(client)!.getStats()
    expect(stats.bytes).toBeLessThanOrEqual(4000)
    expect(stats.evictions).toBeGreaterThan(0)
    // A list of 50 articles is larger than the whole budget: answered, not stored.
    await client.get('/articles', { params: { limit: 50 } })
    expect(getCache(client)!.getStats().bytes).toBeLessThanOrEqual(4000)
    await client.get('/articles', { params: { limit: 50 } })
    await wx.$dispose()
  })

  it('should drop and count corrupt, foreign and old-format storage entries, never throw', async () => {
    const file = join(dir, 'storage.json')
    const first = launch(file)
    await first.client.get('/users/1')
    await first.client.get('/users/2')
    first.wx.$control.hideApp()
    const index = JSON.parse(first.wx.getStorageSync(INDEX)) as { e: string[][] }
    const [one, two] = index.e.map((record) => `${INDEX}:${record[0]}`)
    first.wx.setStorageSync(one!, '{not json')
    first.wx.setStorageSync(two!, JSON.stringify({ v: 1, e: { key: 'someone else' } }))
    first.wx.setStorageSync(`${INDEX}:zz`, 'left by an older version')
    await first.wx.$dispose()

    const second = launch(file)
    await expect(second.client.get('/users/1')).resolves.toMatchObject({ code: 0 })
    await expect(second.client.get('/users/2')).resolves.toMatchObject({ code: 0 })
    expect(getCache(second.client)!.getStats().dropped).toBe(3)
    expect(second.wx.getStorageInfoSync().keys).not.toContain(`${INDEX}:zz`)
    await second.wx.$dispose()

    const old = createWx()
    old.setStorageSync(INDEX, JSON.stringify({ v: 0, entries: {} }))
    const client = createClient({
      wx: old,
      baseURL: env.server.url,
      plugins: [cache({ storage: true })],
    })
    await expect(client.get('/users/1')).resolves.toMatchObject({ code: 0 })
    expect(getCache(client)!.getStats().dropped).toBe(1)
    await old.$dispose()
  })
})
