/**
 * SSE reconnection timing on a fake clock, against test-utils' scriptable fake `wx.request`
 * (pure pipeline semantics: every connection is refused at once): the delay doubles after each
 * failure in a row up to `maxDelay`, and the stream gives up after `limit`.
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
})
