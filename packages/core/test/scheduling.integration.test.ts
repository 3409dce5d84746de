/**
 * The task scheduler and cancellation against a real server: the server counts concurrent
 * requests, so the 11th waiting is observed from the other side of the socket.
 */
import type { DemoServer } from '@miniwire/demo-server'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { createAbortController, isAbortError, type MiniwireError } from '../src'

// wx-node fails the 11th task (errno 600007) instead of queueing: only core's scheduler keeps
// these tests green.
const env = useIntegration({ wx: { overflow: 'fail' } })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const slowPaths = (log: DemoServer['requestLog']) =>
  log.filter((entry) => entry.path === '/fault/slow')

describe('scheduler', () => {
  it('should keep at most 10 requests in flight and let the 11th wait', async () => {
    const client = env.client()
    const all = Array.from({ length: 11 }, () => client.get('/fault/slow', { params: { ms: 600 } }))
    // Polled, not a fixed sleep: on a busy machine the ten may take a while to reach the server.
    await expect.poll(() => env.server.counters.concurrent).toBe(10)
    expect(client.scheduler.pending).toBe(1)
    await Promise.all(all)
    expect(env.server.counters.maxConcurrent).toBe(10)
    expect(slowPaths(env.server.requestLog)).toHaveLength(11)
  })

  it('should honour maxConcurrent and serve high before low priority', async () => {
    const client = env.client({ maxConcurrent: 1 })
    const order: string[] = []
    const go = (name: string, priority: 'high' | 'normal' | 'low') =>
      client.get('/fault/slow', { params: { ms: 30, name }, priority }).then(() => order.push(name))
    const first = go('first', 'normal')
    await sleep(5)
    await Promise.all([first, go('low', 'low'), go('normal', 'normal'), go('high', 'high')])
    expect(order).toEqual(['first', 'high', 'normal', 'low'])
    expect(env.server.counters.maxConcurrent).toBe(1)
  })
})

describe('cancellation', () => {
  it('should reject at once and send nothing when the signal is already aborted', async () => {
    const client = env.client()
    const controller = createAbortController()
    controller.abort('page left')
    const error = await client.get('/echo', { signal: controller.signal }).catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    expect((error as { reason: unknown }).reason).toBe('page left')
    expect(env.server.counters.total).toBe(0)
  })

  it('should take a queued request out of the queue without sending it', async () => {
    const client = env.client({ maxConcurrent: 1 })
    const controller = createAbortController()
    const running = client.get('/fault/slow', { params: { ms: 200 } })
    const queued = client.get('/fault/slow', {
      params: { ms: 1, queued: 1 },
      signal: controller.signal,
    })
    await sleep(20)
    expect(client.scheduler.pending).toBe(1)
    controller.abort()
    await expect(queued).rejects.toSatisfy(isAbortError)
    expect(client.scheduler.pending).toBe(0)
    await running
    expect(slowPaths(env.server.requestLog)).toHaveLength(1)
  })

  it('should abort an in-flight request and call the wx task abort()', async () => {
    const client = env.client()
    const controller = new AbortController()
    const started = Date.now()
    const pending = client.get('/fault/slow', { params: { ms: 5000 }, signal: controller.signal })
    await sleep(100)
    expect(env.server.counters.concurrent).toBe(1)
    controller.abort()
    const error = (await pending.catch((e: unknown) => e)) as MiniwireError
    expect(isAbortError(error)).toBe(true)
    expect(error.message).toBe('GET /fault/slow was aborted')
    expect(Date.now() - started).toBeLessThan(2000)
    // The server sees the client go away: the task was really aborted, not just forgotten.
    await expect.poll(() => env.server.counters.concurrent).toBe(0)
    expect(client.scheduler.active).toBe(0)
  })

  it('should abort every request with abortAll, including queued ones', async () => {
    const client = env.client({ maxConcurrent: 2 })
    const child = client.extend({ headers: { 'x-child': '1' } })
    const all = [
      client.get('/fault/slow', { params: { ms: 5000 } }),
      child.get('/fault/slow', { params: { ms: 5000 } }),
      client.get('/fault/slow', { params: { ms: 5000 } }),
    ].map((p) => p.catch((e: unknown) => e))
    await sleep(50)
    expect(client.abortAll()).toBe(3)
    const errors = await Promise.all(all)
    expect(errors.every(isAbortError)).toBe(true)
    await expect.poll(() => env.server.counters.concurrent).toBe(0)
  })

  it('should abort only the requests of one group', async () => {
    const client = env.client()
    const detail = client.get('/fault/slow', { params: { ms: 300 }, group: 'pages/detail/detail' })
    const index = client.get('/fault/slow', { params: { ms: 300 }, group: 'pages/index/index' })
    await sleep(30)
    expect(client.abortGroup('pages/detail/detail')).toBe(1)
    await expect(detail).rejects.toSatisfy(isAbortError)
    await expect(index).resolves.toMatchObject({ code: 0 })
  })
})
