/**
 * SSE reconnection timing on a fake clock, against test-utils' scriptable fake `wx.request`
 * (pure pipeline semantics: every connection is refused at once): the delay doubles after each
 * failure in a row up to `maxDelay`, and the stream gives up after `limit`; while the app is
 * hidden it waits for it to show again.
 */
import { createClient } from '@miniwire/core'
import { createFakeWx } from '@miniwire/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stream } from '../src'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('SSE reconnection backoff', () => {
  it('should wait delay, then twice as long after each failure in a row, capped at maxDelay', async () => {
    const wx = createFakeWx(() => ({ fail: { errMsg: 'request:fail connect ECONNREFUSED' } }))
    const client = createClient({ wx })
    const events = stream(client, 'https://api.example.com/live', {
      reconnect: { limit: 4, delay: 1000, maxDelay: 3000 },
    })
    const settled = events.done.catch((e: unknown) => e)
    const callsAfter = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms)
      return wx.calls.length
    }
    expect(await callsAfter(0)).toBe(1)
    expect(await callsAfter(999)).toBe(1)
    expect(await callsAfter(1)).toBe(2)
    expect(await callsAfter(1999)).toBe(2)
    expect(await callsAfter(1)).toBe(3)
    // 4000 would exceed maxDelay: 3000.
    expect(await callsAfter(2999)).toBe(3)
    expect(await callsAfter(1)).toBe(4)
    expect(await callsAfter(3000)).toBe(5)
    expect(await settled).toMatchObject({ code: 'ERR_STREAM', reason: 'reconnect-limit' })
    expect(wx.calls.every((call) => call.options.header?.accept === 'text/event-stream')).toBe(true)
  })

  it('should not reconnect after close() while it waits', async () => {
    const wx = createFakeWx(() => ({ fail: { errMsg: 'request:fail connect ECONNREFUSED' } }))
    const events = stream(createClient({ wx }), 'https://api.example.com/live')
    await vi.advanceTimersByTimeAsync(10)
    events.close()
    await vi.advanceTimersByTimeAsync(60_000)
    await events.done
    expect(wx.calls).toHaveLength(1)
  })

  it('should not reconnect while the app is hidden, and reconnect once it shows again', async () => {
    const listeners = {
      hide: [] as WechatMiniprogram.OnAppHideCallback[],
      show: [] as WechatMiniprogram.OnAppShowCallback[],
    }
    const wx = Object.assign(
      createFakeWx(() => ({ fail: { errMsg: 'request:fail connect ECONNREFUSED' } })),
      {
        onAppHide: (listener: WechatMiniprogram.OnAppHideCallback) => {
          listeners.hide.push(listener)
        },
        onAppShow: (listener: WechatMiniprogram.OnAppShowCallback) => {
          listeners.show.push(listener)
        },
      },
    )
    const events = stream(createClient({ wx }), 'https://api.example.com/live', {
      reconnect: { delay: 1000 },
    })
    await vi.advanceTimersByTimeAsync(0)
    expect(wx.calls).toHaveLength(1)
    for (const hide of listeners.hide) hide({} as never)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(wx.calls).toHaveLength(1)
    for (const show of listeners.show) show({} as never)
    await vi.advanceTimersByTimeAsync(0)
    expect(wx.calls).toHaveLength(2)
    events.close()
    await events.done
  })

  it('should end at close() while it waits for the hidden app to show', async () => {
    const hides: WechatMiniprogram.OnAppHideCallback[] = []
    const wx = Object.assign(
      createFakeWx(() => ({ fail: { errMsg: 'request:fail connect ECONNREFUSED' } })),
      {
        onAppHide: (listener: WechatMiniprogram.OnAppHideCallback) => {
          hides.push(listener)
        },
        onAppShow: () => {},
      },
    )
    const events = stream(createClient({ wx }), 'https://api.example.com/live')
    await vi.advanceTimersByTimeAsync(0)
    for (const hide of hides) hide({} as never)
    await vi.advanceTimersByTimeAsync(60_000)
    events.close()
    await expect(events.done).resolves.toBeUndefined()
    expect(wx.calls).toHaveLength(1)
  })
})
