import { createFakeWx } from '@miniwire/test-utils'
import { describe, expect, it, vi } from 'vitest'
import {
  createClient,
  getAppState,
  getScheduler,
  getTokenSource,
  getUiLayer,
  lookup,
  provide,
  runtimeService,
  type TokenSource,
} from '../../src'

const source = (token: string): TokenSource => ({
  getToken: async () => token,
  refresh: async () => `${token}-fresh`,
  onChange: () => () => {},
})

describe('services', () => {
  it("should let an extend()ed child see its parent's service, and a closer one win", () => {
    const wx = createFakeWx() as never
    const parent = createClient({ wx })
    const child = parent.extend({ baseURL: 'https://api.example.com' })
    provide(parent, 'tokens', source('parent'))
    expect(getTokenSource(child)).toBe(lookup(parent, 'tokens'))
    const own = source('child')
    provide(child, 'tokens', own)
    expect(getTokenSource(child)).toBe(own)
  })

  it("should fall back from a client to its runtime object's slot", () => {
    const wx = createFakeWx() as never
    const shared = source('runtime')
    provide(wx, 'tokens', shared)
    expect(getTokenSource(createClient({ wx }))).toBe(shared)
    expect(getTokenSource(createClient({ wx: createFakeWx() as never }))).toBeUndefined()
  })

  it('should make a runtime service once per runtime object', () => {
    const wx = createFakeWx() as never
    const create = vi.fn(() => source('made'))
    expect(runtimeService(wx, 'tokens', create)).toBe(runtimeService(wx, 'tokens', create))
    expect(create).toHaveBeenCalledTimes(1)
    expect(getScheduler(wx)).toBe(lookup(wx, 'scheduler'))
  })
})

/** A runtime with the app lifecycle and network events, driven by the test. */
function lifecycleWx() {
  const handlers: Record<string, Array<(res?: unknown) => void>> = {}
  const on = (name: string) => (fn: (res?: unknown) => void) => {
    handlers[name] = (handlers[name] || []).concat(fn)
  }
  const fire = (name: string, res?: unknown): void => {
    for (const fn of handlers[name] || []) fn(res)
  }
  return {
    fire,
    subscriptions: () => Object.keys(handlers).map((k) => `${k}:${handlers[k]!.length}`),
    wx: {
      request: () => ({}),
      onNetworkStatusChange: on('network'),
      onAppHide: on('hide'),
      onAppShow: on('show'),
      getNetworkType: (o: { success: (r: { networkType: string }) => void }) =>
        o.success({ networkType: 'none' }),
    },
  }
}

describe('getAppState()', () => {
  it('should subscribe to wx once per runtime and report network and visibility changes', async () => {
    const rt = lifecycleWx()
    const app = getAppState(rt.wx as never)
    expect(getAppState(rt.wx as never)).toBe(app)
    expect(rt.subscriptions()).toEqual(['network:1', 'hide:1', 'show:1'])
    const events: string[] = []
    const off = app.on('online', () => events.push('online'))
    app.on('hide', () => events.push('hide'))
    expect(await app.isOffline()).toBe(true) // asked getNetworkType: 'none'
    rt.fire('network', { isConnected: true, networkType: 'wifi' })
    rt.fire('hide')
    off()
    rt.fire('network', { isConnected: true, networkType: '4g' })
    expect(events).toEqual(['online', 'hide'])
    expect(app.online).toBe(true)
    expect(app.visible).toBe(false)
    expect(await app.isOffline()).toBe(false)
  })
})

describe('AppState.until()', () => {
  it('should end a sleep once the app is visible and online again, not at the first change alone', async () => {
    const rt = lifecycleWx()
    const app = getAppState(rt.wx as never)
    rt.fire('network', { isConnected: false, networkType: 'none' })
    rt.fire('hide')
    const woken = vi.fn()
    const stop = app.until((a) => a.visible && a.online !== false)(woken)
    rt.fire('show')
    expect(woken).not.toHaveBeenCalled()
    rt.fire('network', { isConnected: true, networkType: 'wifi' })
    expect(woken).toHaveBeenCalledTimes(1)
    stop()
    rt.fire('hide')
    rt.fire('show')
    expect(woken).toHaveBeenCalledTimes(1)
  })

  it('should wake at once when the condition already holds', () => {
    const rt = lifecycleWx()
    const woken = vi.fn()
    getAppState(rt.wx as never).until((a) => a.visible)(woken)
    expect(woken).toHaveBeenCalledTimes(1)
  })
})

describe('getUiLayer()', () => {
  function uiWx() {
    const log: string[] = []
    return {
      log,
      wx: {
        request: () => ({}),
        showLoading: (o: { title: string }) => log.push(`loading ${o.title}`),
        hideLoading: () => log.push('hideLoading'),
        showToast: (o: { title: string }) => log.push(`toast ${o.title}`),
      },
    }
  }

  it('should never close a toast when the loading is hidden', () => {
    vi.useFakeTimers()
    try {
      const rt = uiWx()
      const ui = getUiLayer(rt.wx as never)
      ui.showLoading({ title: '加载中' })
      ui.showToast({ title: '网络错误' })
      ui.hideLoading()
      expect(rt.log).toEqual(['loading 加载中', 'toast 网络错误'])
      expect(ui.showing).toBe('toast')
    } finally {
      vi.useRealTimers()
    }
  })

  it('should bring a loading that is still wanted back when the toast ends', () => {
    vi.useFakeTimers()
    try {
      const rt = uiWx()
      const ui = getUiLayer(rt.wx as never)
      ui.showToast({ title: '已保存', duration: 1000 })
      ui.showLoading({ title: '加载中' })
      expect(rt.log).toEqual(['toast 已保存'])
      vi.advanceTimersByTime(1000)
      expect(rt.log).toEqual(['toast 已保存', 'loading 加载中'])
      ui.hideLoading()
      expect(rt.log.at(-1)).toBe('hideLoading')
    } finally {
      vi.useRealTimers()
    }
  })
})
