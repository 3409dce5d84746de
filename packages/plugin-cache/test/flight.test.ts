/**
 * In-flight dedupe, stale-while-revalidate, stale-if-error and per-user scope on a scripted
 * fake wx: who shares a run, who may abort it, what answers while the network refreshes.
 */
import {
  createAbortController,
  createClient,
  isAbortError,
  provide,
  type TokenSource,
} from '@miniwire/core'
import { createFakeWx, type FakeAnswer } from '@miniwire/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cache, getCache } from '../src'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** A fake server whose answers wait until `release()`. */
function heldWx() {
  const waiting: Array<(answer: FakeAnswer) => void> = []
  let n = 0
  const wx = createFakeWx(() => new Promise<FakeAnswer>((resolve) => waiting.push(resolve)))
  const release = (answer?: FakeAnswer) => {
    for (const resolve of waiting.splice(0))
      resolve(answer ?? { statusCode: 200, data: { n: ++n } })
  }
  return { wx, release }
}

describe('in-flight dedupe', () => {
  it('should let identical requests in flight share one network task and one result', async () => {
    const { wx, release } = heldWx()
    const client = createClient({ wx, plugins: [cache()] })
    const all = Promise.all([client.get('/a'), client.get('/a'), client.get('/a')])
    await vi.advanceTimersByTimeAsync(0)
    release()
    expect(await all).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }])
    expect(wx.calls).toHaveLength(1)
    expect(getCache(client)!.getStats()).toMatchObject({ misses: 1, dedupes: 2 })
  })

  it('should run a request of its own for a caller that opts out of dedupe', async () => {
    const { wx, release } = heldWx()
    const client = createClient({ wx, plugins: [cache()] })
    const all = Promise.all([client.get('/a'), client.get('/a', { cache: { dedupe: false } })])
    await vi.advanceTimersByTimeAsync(0)
    release()
    await all
    expect(wx.calls).toHaveLength(2)
  })

  it('should not abort the others when one follower aborts', async () => {
    const { wx, release } = heldWx()
    const client = createClient({ wx, plugins: [cache()] })
    const controller = createAbortController()
    const leader = client.get('/a')
    const follower = client.get('/a', { signal: controller.signal })
    await vi.advanceTimersByTimeAsync(0)
    controller.abort()
    await expect(follower).rejects.toSatisfy(isAbortError)
    expect(wx.calls[0]!.aborted).toBe(false)
    release()
    expect(await leader).toEqual({ n: 1 })
  })

  it('should let a waiting caller take over when the caller that started the run aborts', async () => {
    const { wx, release } = heldWx()
    const client = createClient({ wx, plugins: [cache()] })
    const controller = createAbortController()
    const first = client.get('/a', { signal: controller.signal })
    const second = client.get('/a')
    const third = client.get('/a')
    await vi.advanceTimersByTimeAsync(0)
    controller.abort()
    await expect(first).rejects.toSatisfy(isAbortError)
    await vi.advanceTimersByTimeAsync(0)
    // One new run for the two still waiting.
    expect(wx.calls.map((call) => call.aborted)).toEqual([true, false])
    release() // the aborted task's answer (n: 1) is discarded
    expect(await Promise.all([second, third])).toEqual([{ n: 2 }, { n: 2 }])
    // The shared answer was stored for later callers.
    expect(await client.get('/a')).toEqual({ n: 2 })
    expect(wx.calls).toHaveLength(2)
  })

  it('should fail no one but the callers that aborted', async () => {
    const { wx, release } = heldWx()
    const client = createClient({ wx, plugins: [cache()] })
    const one = createAbortController()
    const two = createAbortController()
    const first = client.get('/a', { signal: one.signal })
    const second = client.get('/a', { signal: two.signal })
    const third = client.get('/a')
    await vi.advanceTimersByTimeAsync(0)
    two.abort()
    one.abort()
    await expect(first).rejects.toSatisfy(isAbortError)
    await expect(second).rejects.toSatisfy(isAbortError)
    await vi.advanceTimersByTimeAsync(0)
    release()
    expect(await third).toEqual({ n: 2 })
    expect(wx.calls.map((call) => call.aborted)).toEqual([true, false])
  })

  it('should give every caller the failure of the shared run', async () => {
    const { wx, release } = heldWx()
    const client = createClient({ wx, plugins: [cache()] })
    const all = Promise.allSettled([client.get('/a'), client.get('/a')])
    await vi.advanceTimersByTimeAsync(0)
    release({ statusCode: 503, data: null })
    const [a, b] = await all
    expect(a.status).toBe('rejected')
    expect(b.status).toBe('rejected')
  })
})

describe('stale answers', () => {
  it('should answer a stale entry at once, refresh it in the background and tell onUpdate and cache:update', async () => {
    let n = 0
    const wx = createFakeWx(() => ({ statusCode: 200, data: { n: ++n } }))
    const onUpdate = vi.fn()
    const client = createClient({
      wx,
      plugins: [cache({ ttl: 1000, staleWhileRevalidate: 60_000, onUpdate })],
    })
    const events: unknown[] = []
    client.on('cache:update', ({ response }) => events.push(response.data))
    await client.get('/a')
    vi.advanceTimersByTime(1500)
    expect(await client.get('/a')).toEqual({ n: 1 })
    expect(wx.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(wx.calls).toHaveLength(2)
    expect(events).toEqual([{ n: 2 }])
    await vi.runOnlyPendingTimersAsync()
    expect(onUpdate).toHaveBeenCalledWith(
      expect.objectContaining({ response: expect.objectContaining({ data: { n: 2 } }) }),
    )
    expect(await client.get('/a')).toEqual({ n: 2 })
    expect(getCache(client)!.getStats()).toMatchObject({ staleHits: 1, revalidations: 1, hits: 1 })
  })

  it('should refresh a stale entry once however many stale hits arrive meanwhile', async () => {
    let n = 0
    const wx = createFakeWx(() => ({ statusCode: 200, data: { n: ++n } }))
    const client = createClient({ wx, plugins: [cache({ ttl: 10, staleWhileRevalidate: 1000 })] })
    await client.get('/a')
    vi.advanceTimersByTime(20)
    await Promise.all([client.get('/a'), client.get('/a'), client.get('/a')])
    await vi.advanceTimersByTimeAsync(0)
    expect(wx.calls).toHaveLength(2)
  })

  it('should answer with the stale entry when the network fails within staleIfError', async () => {
    let fail = false
    const wx = createFakeWx(() =>
      fail ? { fail: { errMsg: 'request:fail timeout', errno: 5 } } : { statusCode: 200, data: 1 },
    )
    const client = createClient({ wx, plugins: [cache({ ttl: 100, staleIfError: 1000 })] })
    await client.get('/a')
    fail = true
    vi.advanceTimersByTime(500)
    expect(await client.get('/a')).toBe(1)
    vi.advanceTimersByTime(1000)
    await expect(client.get('/a')).rejects.toThrow()
  })
})

/** A token source the test signs in and out of. */
function testTokens() {
  let token: string | undefined
  const listeners: Array<(token: string | undefined) => void> = []
  const source: TokenSource = {
    getToken: async () => token,
    refresh: async () => token!,
    onChange: (listener) => {
      listeners.push(listener)
      return () => {}
    },
  }
  const set = (next: string | undefined) => {
    token = next
    for (const listener of listeners) listener(next)
  }
  return { source, set }
}

describe('per-user scope', () => {
  it('should keep one user’s answers from another and purge them on sign-out', async () => {
    const tokens = testTokens()
    tokens.set('alice-token')
    let n = 0
    const wx = createFakeWx(() => ({ statusCode: 200, data: { n: ++n } }))
    const client = createClient({ wx, plugins: [cache()] })
    provide(client, 'tokens', tokens.source)
    expect(await client.get('/me')).toEqual({ n: 1 })
    expect(await client.get('/me')).toEqual({ n: 1 })
    tokens.set('bob-token')
    expect(await client.get('/me')).toEqual({ n: 2 })
    tokens.set(undefined)
    expect(getCache(client)!.getStats().entries).toBe(0)
    expect(await client.get('/me')).toEqual({ n: 3 })
  })

  it('should keep entries across token refreshes with a scope function and purge them on sign-out', async () => {
    const tokens = testTokens()
    tokens.set('t1')
    let user = 'alice'
    const wx = createFakeWx(() => ({ statusCode: 200, data: user }))
    const client = createClient({ wx, plugins: [cache({ scope: () => user })] })
    provide(client, 'tokens', tokens.source)
    await client.get('/me')
    tokens.set('t2')
    await client.get('/me')
    expect(wx.calls).toHaveLength(1)
    user = 'bob'
    expect(await client.get('/me')).toBe('bob')
    tokens.set(undefined)
    expect(getCache(client)!.getStats().entries).toBe(0)
  })
})
