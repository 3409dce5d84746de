import { afterEach, describe, expect, it } from 'vitest'
import { createWx, type WxNode } from '../src'

let wx: WxNode
afterEach(async () => {
  await wx.$dispose()
})

describe('app lifecycle and network state', () => {
  it('should fire onAppHide and onAppShow once per change, with launch options on show', async () => {
    wx = createWx()
    await wx.navigateTo({ url: '/pages/item/item?id=7' })
    const seen: unknown[] = []
    wx.onAppHide(() => seen.push('hide'))
    wx.onAppShow((o) => seen.push(o))
    wx.$control.hideApp()
    wx.$control.hideApp()
    expect(wx.$state.appVisible).toBe(false)
    wx.$control.showApp()
    expect(seen).toEqual([
      'hide',
      expect.objectContaining({ path: 'pages/item/item', query: { id: '7' }, scene: 1001 }),
    ])
    expect(wx.$log.filter((e) => e.type === 'lifecycle').map((e) => e.name)).toEqual([
      'hideApp',
      'showApp',
    ])
  })

  it('should stop calling listeners removed with offAppShow, or all of them without an argument', () => {
    wx = createWx()
    let a = 0
    let b = 0
    const fa = () => a++
    wx.onAppShow(fa)
    wx.onAppShow(() => b++)
    wx.offAppShow(fa)
    wx.$control.hideApp()
    wx.$control.showApp()
    wx.offAppShow()
    wx.$control.hideApp()
    wx.$control.showApp()
    expect([a, b]).toEqual([0, 1])
  })

  it('should fire onNetworkStatusChange only on changes and report none while offline', async () => {
    wx = createWx()
    const seen: unknown[] = []
    const listener = (s: unknown) => seen.push(s)
    wx.onNetworkStatusChange(listener)
    wx.$control.setOnline(true)
    wx.$control.setOnline(false)
    expect(await wx.getNetworkType()).toMatchObject({
      networkType: 'none',
      errMsg: 'getNetworkType:ok',
    })
    wx.offNetworkStatusChange(listener)
    wx.$control.setOnline(true)
    expect(seen).toEqual([{ isConnected: false, networkType: 'none' }])
    expect(wx.$state.online).toBe(true)
  })

  it('should refuse a listener that is not a function', () => {
    wx = createWx()
    expect(() => wx.onAppHide('nope' as never)).toThrow('wx.onAppHide expects a function listener')
  })
})
