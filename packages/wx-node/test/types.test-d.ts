import { describe, expectTypeOf, it } from 'vitest'
import { createWx, WX_ERRNO, type WxLogEntry, type WxNode, type WxNodeOptions } from '../src'

describe('public types', () => {
  it('should be assignable to the wx runtime shape other packages accept', () => {
    expectTypeOf<WxNode>().toExtend<
      Pick<WechatMiniprogram.Wx, 'request'> & Partial<WechatMiniprogram.Wx>
    >()
  })

  it('should take optional options and return a WxNode', () => {
    expectTypeOf(createWx).parameter(0).toEqualTypeOf<WxNodeOptions | undefined>()
    expectTypeOf(createWx).returns.toEqualTypeOf<WxNode>()
  })

  it('should return tasks from task APIs and Promises from async APIs called without callbacks', () => {
    const wx = createWx()
    expectTypeOf(wx.request({ url: 'http://x' })).toEqualTypeOf<WechatMiniprogram.RequestTask>()
    expectTypeOf(wx.connectSocket({ url: 'ws://x' })).toEqualTypeOf<WechatMiniprogram.SocketTask>()
    expectTypeOf(wx.getStorage({ key: 'k' })).resolves.toHaveProperty('data')
    expectTypeOf(wx.showModal({ title: 't' })).resolves.toHaveProperty('confirm')
    expectTypeOf(wx.getStorageSync<number>('k')).toEqualTypeOf<number>()
  })

  it('should expose the inspection surface with typed entries', () => {
    const wx = createWx()
    expectTypeOf(wx.$log).toEqualTypeOf<WxLogEntry[]>()
    expectTypeOf(wx.$state.pageStack).toEqualTypeOf<string[]>()
    expectTypeOf(wx.$control.writeTempFile).returns.toEqualTypeOf<string>()
    expectTypeOf(wx.$dispose).returns.toEqualTypeOf<Promise<void>>()
    expectTypeOf(WX_ERRNO.TIMEOUT).toEqualTypeOf<5>()
  })
})
