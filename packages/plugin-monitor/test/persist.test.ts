/**
 * Persistence: throttled writes off the request path (seed defect 10), a save on app hide, a
 * report that survives a restart (wx-node's storage file), the byte budget, and `reset()`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@miniwire/core'
import { createFakeWx, useIntegration } from '@miniwire/test-utils'
import { createWx } from '@miniwire/wx-node'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { monitor } from '../src'

/** A scripted runtime: instant 200s, storage in a Map with every write logged, app hide. */
function runtimeWithStorage() {
  const store = new Map<string, unknown>()
  const writes: string[] = []
  const hide: Array<() => void> = []
  const wx = Object.assign(createFakeWx(), {
    store,
    writes,
    getStorageSync: (key: string) => (store.has(key) ? store.get(key) : ''),
    setStorage(options: { key: string; data: unknown; fail?: () => void }) {
      writes.push(options.key)
      store.set(options.key, options.data)
    },
    removeStorageSync: (key: string) => {
      store.delete(key)
    },
    onAppHide: (listener: () => void) => hide.push(listener),
    hideApp: () => {
      for (const listener of hide) listener()
    },
  })
  return wx
}

describe('throttled persistence', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('should never write storage per request, only once per persistInterval (seed defect 10)', async () => {
    vi.useFakeTimers()
    const wx = runtimeWithStorage()
    const stats = monitor({ persistInterval: 5000 })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    for (let i = 0; i < 50; i++) await client.get(`/r${i}`)
    expect(wx.writes).toEqual([])
    await vi.advanceTimersByTimeAsync(5000)
    expect(wx.writes).toEqual(['miniwire:monitor'])
    for (let i = 0; i < 50; i++) await client.get(`/r${i}`)
    await vi.advanceTimersByTimeAsync(4999)
    expect(wx.writes).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(wx.writes).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(wx.writes).toHaveLength(2) // nothing changed, nothing written
    expect(JSON.parse(wx.store.get('miniwire:monitor') as string).total.requests).toBe(100)
  })

  it('should save at once when the app is hidden', async () => {
    const wx = runtimeWithStorage()
    const stats = monitor({ persistInterval: 60_000, storageKey: 'stats' })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    await client.get('/a')
    expect(wx.writes).toEqual([])
    wx.hideApp()
    expect(wx.writes).toEqual(['stats'])
    stats.dispose()
  })

  it('should leave the history out rather than exceed maxStorageBytes', async () => {
    const wx = runtimeWithStorage()
    const stats = monitor({ maxStorageBytes: 4096, storageKey: 'small' })
    const client = createClient({ wx: wx as never, plugins: [stats] })
    for (let i = 0; i < 60; i++)
      await client.get(`/a-rather-long-path-name/${'x'.repeat(40)}/${i % 3}`)
    await stats.flush()
    const text = wx.store.get('small') as string
    expect(text.length).toBeLessThanOrEqual(4096)
    const saved = JSON.parse(text)
    expect(saved.total.requests).toBe(60)
    expect(saved.history).toEqual([])
    stats.dispose()
  })

  it('should store no credential: query stripped, messages redacted', async () => {
    const wx = runtimeWithStorage()
    const stats = monitor()
    const client = createClient({ wx: wx as never, plugins: [stats] })
    client.use(async function leaky(ctx) {
      throw new Error(`${ctx.request.url}: Authorization: Bearer SECRET2; cookie=SECRET3`)
    })
    await client.get('/me?token=SECRET1').catch(() => {})
    await stats.flush()
    const text = wx.store.get('miniwire:monitor') as string
    expect(text).toContain('/me')
    expect(text).not.toMatch(/SECRET1|SECRET2|SECRET3/)
    stats.dispose()
  })

  it('should start from zero when the stored figures have another layout', async () => {
    const wx = runtimeWithStorage()
    const older = { version: 1, since: 1, slow: 0, cacheHits: 0, total: { requests: 5 } }
    wx.store.set('miniwire:monitor', JSON.stringify(older))
    const stats = monitor()
    const client = createClient({ wx: wx as never, plugins: [stats] })
    expect(stats.getStats()).toMatchObject({ requests: 0, endpoints: [] })
    await client.get('/a')
    await stats.flush()
    expect(JSON.parse(wx.store.get('miniwire:monitor') as string)).toMatchObject({
      version: 2,
      total: { requests: 1 },
    })
    stats.dispose()
  })

  it('should zero every figure and remove the stored copy on reset()', async () => {
    const wx = runtimeWithStorage()
    const stats = monitor()
    const client = createClient({ wx: wx as never, plugins: [stats] })
    await client.get('/a')
    await stats.flush()
    expect(wx.store.has('miniwire:monitor')).toBe(true)
    stats.reset()
    expect(wx.store.has('miniwire:monitor')).toBe(false)
    expect(stats.getStats()).toMatchObject({ requests: 0, endpoints: [] })
    expect(stats.getReport().history).toEqual([])
    stats.dispose()
  })
})

describe('a persisted report across a restart', () => {
  const env = useIntegration()

  it('should load the figures a previous run saved through wx storage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'monitor-'))
    const storageFile = join(dir, 'storage.json')
    try {
      const before = createWx({ storageFile })
      const first = monitor()
      const client = createClient({ wx: before, baseURL: env.server.url, plugins: [first] })
      await client.get('/users', { params: { page: 1 } })
      await client.get('/users/1', { monitor: '/users/:id' })
      await client
        .get('/fault/flaky', { params: { key: `p-${Date.now()}`, fail: 1 } })
        .catch(() => {})
      before.$control.hideApp()
      await vi.waitFor(() => expect(before.getStorageSync('miniwire:monitor')).not.toBe(''))
      const saved = first.getReport()
      first.dispose()
      await before.$dispose()

      const after = createWx({ storageFile })
      const second = monitor()
      createClient({ wx: after, baseURL: env.server.url, plugins: [second] })
      const restored = second.getReport()
      expect(restored.stats).toEqual(saved.stats)
      expect(restored.history).toEqual(saved.history)
      expect(restored.recentErrors).toEqual(saved.recentErrors)
      expect(restored.stats).toMatchObject({ requests: 3, succeeded: 2, failed: 1 })
      second.dispose()
      await after.$dispose()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
