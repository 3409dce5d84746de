/**
 * The shared loading/toast layer on wx-node's real UI state: hiding the loading never closes a
 * toast, a loading wanted during a toast comes back after it, and the toast showing now is known.
 */
import { createWx, type WxNode } from '@miniwire/wx-node'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getUiLayer } from '../src'

let wx: WxNode

/** wx-node answers UI calls a microtask later, as the base library does. */
const settled = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0)
}

beforeEach(() => {
  vi.useFakeTimers()
  wx = createWx()
})

afterEach(async () => {
  await wx.$dispose()
  vi.useRealTimers()
})

describe('getUiLayer()', () => {
  it('should give one layer per runtime object', () => {
    expect(getUiLayer(wx)).toBe(getUiLayer(wx))
    expect(getUiLayer(wx)).not.toBe(getUiLayer(createWx()))
  })

  it('should know the toast showing now and forget it when it ends', async () => {
    const layer = getUiLayer(wx)
    expect(layer.toast).toBeUndefined()
    layer.showToast({ title: '网络不给力', duration: 2000 })
    expect(layer.showing).toBe('toast')
    expect(layer.toast).toEqual({ title: '网络不给力', icon: 'none', duration: 2000, mask: false })
    await settled()
    expect(wx.$state.currentToast?.title).toBe('网络不给力')
    await vi.advanceTimersByTimeAsync(2000)
    expect(layer.toast).toBeUndefined()
    expect(layer.showing).toBeUndefined()
  })

  it('should leave a toast up when the loading is hidden', async () => {
    const layer = getUiLayer(wx)
    layer.showLoading({ title: '加载中' })
    layer.showToast({ title: '保存失败' })
    layer.hideLoading()
    await settled()
    expect(wx.$state.currentToast?.title).toBe('保存失败')
    expect(layer.toast?.title).toBe('保存失败')
  })

  it('should bring a loading wanted during a toast back when the toast ends', async () => {
    const layer = getUiLayer(wx)
    layer.showToast({ title: '已复制', duration: 1500 })
    layer.showLoading({ title: '加载中', mask: true })
    await settled()
    expect(wx.$state.currentLoading).toBeNull()
    await vi.advanceTimersByTimeAsync(1500)
    expect(wx.$state.currentLoading).toEqual({ title: '加载中', mask: true })
    expect(layer.showing).toBe('loading')
  })
})
