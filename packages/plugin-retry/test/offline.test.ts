import { createAbortController, createClient, isAbortError, isNetworkError } from '@miniwire/core'
import { describe, expect, it, vi } from 'vitest'
import { RetryBudget, retry } from '../src'
import {
  networkDown,
  ok,
  scriptedWx,
  settle,
  status,
  useFakeClock,
  watchStop,
  withNetwork,
} from './helpers'

useFakeClock()

describe('while the device is offline', () => {
  it('should wait for the network to return instead of burning retries', async () => {
    const wx = withNetwork(scriptedWx(networkDown, networkDown, ok()), false)
    const client = createClient({ wx: wx as never, plugins: [retry({ limit: 1 })] })
    const events: Array<{ offline: boolean; delay: number }> = []
    client.on('retry', (e) => events.push({ offline: e.offline, delay: e.delay }))
    const p = settle(client.get('/x'))
    await vi.advanceTimersByTimeAsync(20_000)
    expect(wx.calls).toHaveLength(1)
    wx.setOnline(true)
    await vi.advanceTimersByTimeAsync(0)
    // one retry was enough: it ran once the network was back
    expect(wx.calls).toHaveLength(2)
    expect(isNetworkError(await p)).toBe(true)
    expect(events).toEqual([{ offline: true, delay: 0 }])
  })

  it('should retry as soon as the network returns and succeed', async () => {
    const wx = withNetwork(scriptedWx(networkDown, ok()), true)
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    const p = client.get('/x')
    wx.setOnline(false)
    await vi.advanceTimersByTimeAsync(5000)
    expect(wx.calls).toHaveLength(1)
    wx.setOnline(true)
    await vi.advanceTimersByTimeAsync(0)
    await expect(p).resolves.toEqual({ ok: true })
  })

  it('should trust the last status event over getNetworkType', async () => {
    const wx = withNetwork(scriptedWx(ok(), networkDown, ok()), false)
    const client = createClient({ wx: wx as never, plugins: [retry({ jitter: false })] })
    await client.get('/warm')
    wx.setOnline(true)
    const queries = wx.network.typeQueries
    wx.network.online = false // getNetworkType would now say 'none'; the event said online
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(300)
    await expect(p).resolves.toEqual({ ok: true })
    expect(wx.network.typeQueries).toBe(queries)
  })

  it('should give up with the last error when waitForNetwork runs out', async () => {
    const wx = withNetwork(scriptedWx(networkDown), false)
    const client = createClient({ wx: wx as never, plugins: [retry({ waitForNetwork: 1000 })] })
    const watched = watchStop(client)
    const p = settle(client.get('/x'))
    await vi.advanceTimersByTimeAsync(1000)
    expect(isNetworkError(await p)).toBe(true)
    expect(watched.stop).toBe('offline')
    expect(wx.calls).toHaveLength(1)
  })

  it('should end an offline wait at the deadline', async () => {
    const wx = withNetwork(scriptedWx(networkDown), false)
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ waitForNetwork: true, deadline: 3000 })],
    })
    const p = settle(client.get('/x'))
    await vi.advanceTimersByTimeAsync(3000)
    expect(isNetworkError(await p)).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('should reject with AbortError when aborted during an offline wait', async () => {
    const wx = withNetwork(scriptedWx(networkDown), false)
    const client = createClient({ wx: wx as never, plugins: [retry()] })
    const controller = createAbortController()
    const p = settle(client.get('/x', { signal: controller.signal }))
    await vi.advanceTimersByTimeAsync(500)
    controller.abort()
    expect(isAbortError(await p)).toBe(true)
    wx.setOnline(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(wx.calls).toHaveLength(1)
  })

  it('should not spend the retry budget on waiting out an offline spell', async () => {
    const budget = new RetryBudget({ capacity: 1 })
    const wx = withNetwork(scriptedWx(networkDown, ok()), false)
    const client = createClient({ wx: wx as never, plugins: [retry({ budget })] })
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(10)
    wx.setOnline(true)
    await vi.advanceTimersByTimeAsync(0)
    await p
    expect(budget.tokens).toBe(1)
  })

  it('should not wait for the network on an HTTP status', async () => {
    const wx = withNetwork(scriptedWx(status(503), ok()), false)
    const client = createClient({ wx: wx as never, plugins: [retry({ jitter: false })] })
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(300)
    await expect(p).resolves.toEqual({ ok: true })
  })

  it('should back off as usual when waitForNetwork is false', async () => {
    const wx = withNetwork(scriptedWx(networkDown, ok()), false)
    const client = createClient({
      wx: wx as never,
      plugins: [retry({ waitForNetwork: false, jitter: false })],
    })
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(300)
    await expect(p).resolves.toEqual({ ok: true })
  })

  it('should subscribe to network changes once per runtime', async () => {
    const wx = withNetwork(scriptedWx(networkDown, networkDown, ok()), true)
    const client = createClient({ wx: wx as never, plugins: [retry({ delay: () => 1 })] })
    const p = client.get('/x')
    await vi.advanceTimersByTimeAsync(5)
    await p
    await createClient({ wx: wx as never, plugins: [retry()] }).get('/y')
    expect(wx.network.listeners.length).toBe(1)
  })
})
