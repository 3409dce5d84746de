import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  abortable,
  createAbortController,
  isAbortError,
  MiniAbortController,
  sleep,
  withTimeout,
} from '../../src'

describe('sleep()', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('should resolve false when the time runs out', async () => {
    const done = sleep(1000)
    await vi.advanceTimersByTimeAsync(999)
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    await expect(done).resolves.toBe(false)
  })

  it('should reject with an AbortError at once when aborted, and clear its timer', async () => {
    const controller = new MiniAbortController()
    const done = sleep(60_000, { signal: controller.signal })
    controller.abort('page left')
    const error = await done.catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    expect((error as Error).message).toBe('was aborted: page left')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('should reject at once for a signal already aborted', async () => {
    const controller = createAbortController()
    controller.abort()
    await expect(sleep(10, { signal: controller.signal })).rejects.toMatchObject({
      code: 'ERR_ABORTED',
    })
  })

  it("should reject with the request's own AbortError when given a context", async () => {
    const controller = new MiniAbortController()
    const ctx = { request: { method: 'GET', url: '/feed' }, signal: controller.signal } as never
    const done = sleep(5000, ctx)
    controller.abort()
    await expect(done).rejects.toThrow('GET /feed was aborted')
  })

  it('should resolve true when woken early, and unsubscribe the waker', async () => {
    let wake: (() => void) | undefined
    const unsubscribe = vi.fn()
    const done = sleep(Infinity, {
      wake: (fn) => {
        wake = fn
        return unsubscribe
      },
    })
    wake!()
    await expect(done).resolves.toBe(true)
    expect(unsubscribe).toHaveBeenCalledTimes(1)
  })
})

describe('abortable() and withTimeout()', () => {
  it('should let one waiter leave a shared promise while it goes on for the others', async () => {
    let finish!: (value: string) => void
    const shared = new Promise<string>((resolve) => {
      finish = resolve
    })
    const one = new MiniAbortController()
    const first = abortable(shared, { signal: one.signal })
    const second = abortable(shared, { signal: new MiniAbortController().signal })
    one.abort()
    await expect(first).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    finish('token')
    await expect(second).resolves.toBe('token')
  })

  it('should reject a promise that outlives its time and clear the timer when it settles', async () => {
    vi.useFakeTimers()
    try {
      const slow = withTimeout(new Promise(() => {}), 100, () => new Error('too slow'))
      vi.advanceTimersByTime(100)
      await expect(slow).rejects.toThrow('too slow')
      await expect(withTimeout(Promise.resolve(1), 100, () => 'x')).resolves.toBe(1)
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})
