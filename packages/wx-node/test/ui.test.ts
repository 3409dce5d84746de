import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWx, type WxNode } from '../src'

let wx: WxNode
beforeEach(() => {
  vi.useFakeTimers()
  wx = createWx()
})
afterEach(async () => {
  vi.useRealTimers()
  await wx.$dispose()
})

describe('loading, toast and modal', () => {
  it('should show and hide a loading', async () => {
    await wx.showLoading({ title: '加载中', mask: true })
    expect(wx.$state.currentLoading).toEqual({ title: '加载中', mask: true })
    await wx.hideLoading()
    expect(wx.$state.currentLoading).toBeNull()
  })

  it('should keep one layer: a toast replaces the loading and hideLoading closes the toast', async () => {
    await wx.showLoading({ title: '加载中' })
    await wx.showToast({ title: '失败了', icon: 'error' })
    expect(wx.$state.currentLoading).toBeNull()
    expect(wx.$state.currentToast).toMatchObject({ title: '失败了', icon: 'error', duration: 1500 })
    await wx.hideLoading()
    expect(wx.$state.currentToast).toBeNull()
  })

  it('should leave the toast alone when hideLoading passes noConflict', async () => {
    await wx.showToast({ title: '已保存' })
    await wx.hideLoading({ noConflict: true })
    expect(wx.$state.currentToast?.title).toBe('已保存')
  })

  it('should close a toast after its duration', async () => {
    await wx.showToast({ title: '好', duration: 2000 })
    vi.advanceTimersByTime(1999)
    expect(wx.$state.currentToast).not.toBeNull()
    vi.advanceTimersByTime(1)
    expect(wx.$state.currentToast).toBeNull()
    expect(wx.$log.at(-1)).toMatchObject({ type: 'ui', name: 'toastExpired' })
  })

  it('should fail showToast without a title with wx parameter error text', async () => {
    await expect(wx.showToast({} as never)).rejects.toEqual({
      errMsg:
        'showToast:fail parameter error: parameter.title should be String instead of Undefined;',
    })
  })

  it('should answer showModal with the scripted answer', async () => {
    await expect(wx.showModal({ title: '确定?' })).resolves.toEqual({
      confirm: true,
      cancel: false,
      content: '',
      errMsg: 'showModal:ok',
    })
    wx.$control.setModalAnswer((o) => ({ confirm: o.title === 'yes' }))
    expect((await wx.showModal({ title: 'no' })).cancel).toBe(true)
    expect((await wx.showModal({ title: 'yes' })).confirm).toBe(true)
  })

  it('should fail showModal when confirmText is longer than 4 characters', async () => {
    await expect(wx.showModal({ title: 't', confirmText: '确定确定确定' })).rejects.toEqual({
      errMsg: 'showModal:fail confirmText length should not larger than 4 Chinese characters',
    })
  })

  it('should log every UI call with a timestamp', async () => {
    vi.setSystemTime(1_700_000_000_000)
    await wx.showLoading({ title: 'a' })
    await wx.hideLoading()
    expect(wx.$log).toEqual([
      { time: 1_700_000_000_000, type: 'ui', name: 'showLoading', args: { title: 'a' } },
      { time: 1_700_000_000_000, type: 'ui', name: 'hideLoading', args: {} },
    ])
  })

  it('should call success and complete callbacks instead of returning a Promise', async () => {
    const calls: string[] = []
    const ret = wx.showToast({
      title: 'x',
      success: () => calls.push('success'),
      complete: () => calls.push('complete'),
    })
    expect(ret).toBeUndefined()
    await vi.waitFor(() => expect(calls).toEqual(['success', 'complete']))
  })
})
