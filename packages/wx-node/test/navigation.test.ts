import { afterEach, describe, expect, it } from 'vitest'
import { createWx, type WxNode } from '../src'

let wx: WxNode
afterEach(async () => {
  await wx.$dispose()
})

describe('the page stack', () => {
  it('should push, redirect, go back and relaunch', async () => {
    wx = createWx()
    await wx.navigateTo({ url: '/pages/a/a?id=1' })
    await wx.navigateTo({ url: '/pages/b/b' })
    await wx.redirectTo({ url: '/pages/c/c' })
    expect(wx.$state.pageStack).toEqual(['/pages/index/index', '/pages/a/a?id=1', '/pages/c/c'])
    await wx.navigateBack({ delta: 5 })
    expect(wx.$state.pageStack).toEqual(['/pages/index/index'])
    await wx.reLaunch({ url: '/pages/login/login' })
    expect(wx.$state.pageStack).toEqual(['/pages/login/login'])
    expect(wx.$log.filter((e) => e.type === 'navigation').map((e) => e.name)).toEqual([
      'navigateTo',
      'navigateTo',
      'redirectTo',
      'navigateBack',
      'reLaunch',
    ])
  })

  it('should fail navigateBack on the first page', async () => {
    wx = createWx()
    await expect(wx.navigateBack()).rejects.toEqual({
      errMsg: 'navigateBack:fail cannot navigate back at first page.',
    })
  })

  it('should refuse an 11th page', async () => {
    wx = createWx()
    for (let i = 1; i < 10; i++) await wx.navigateTo({ url: `/pages/p${i}/p` })
    await expect(wx.navigateTo({ url: '/pages/extra/p' })).rejects.toEqual({
      errMsg: 'navigateTo:fail webview count limit exceed',
    })
    expect(wx.$state.pageStack).toHaveLength(10)
  })

  it('should keep tabBar rules when tabBarPages are given', async () => {
    wx = createWx({ tabBarPages: ['/pages/index/index', 'pages/me/me'] })
    await expect(wx.navigateTo({ url: '/pages/me/me' })).rejects.toEqual({
      errMsg: 'navigateTo:fail can not navigateTo a tabbar page',
    })
    await expect(wx.redirectTo({ url: 'pages/me/me?x=1' })).rejects.toEqual({
      errMsg: 'redirectTo:fail can not redirectTo a tabbar page',
    })
    await expect(wx.switchTab({ url: '/pages/other/other' })).rejects.toEqual({
      errMsg: 'switchTab:fail can not switch to no-tabBar page',
    })
    await wx.navigateTo({ url: '/pages/detail/detail' })
    await wx.switchTab({ url: '/pages/me/me' })
    expect(wx.$state.pageStack).toEqual(['/pages/me/me'])
  })

  it('should name a missing url', async () => {
    wx = createWx()
    await expect(wx.navigateTo({} as never)).rejects.toEqual({
      errMsg:
        'navigateTo:fail parameter error: parameter.url should be String instead of Undefined;',
    })
  })
})
