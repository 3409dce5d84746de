/**
 * Failures users of other clients report (shared/reference/peers.md) and defects of the
 * hand-written wrapper this project grew from (seed guide), as scenarios core must pass.
 */
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { createAbortController, isAbortError, type Middleware } from '../src'

const env = useIntegration()

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const passThrough = (name: string): Middleware =>
  Object.defineProperty(async (_ctx: unknown, next: () => Promise<void>) => next(), 'name', {
    value: name,
  })

describe('cancellation (umi-request#120, Taro#4386 #11995 #15174 #16897)', () => {
  it('should stop the request itself on cancel, not only reject the promise (umi-request#120)', async () => {
    const client = env.client()
    const controller = createAbortController()
    const pending = client.get('/fault/slow', { params: { ms: 5000 }, signal: controller.signal })
    await expect.poll(() => env.server.counters.concurrent).toBe(1)
    controller.abort()
    await expect(pending).rejects.toSatisfy(isAbortError)
    // The connection is closed: the server's in-flight count drops long before the 5 s answer.
    await expect.poll(() => env.server.counters.concurrent, { timeout: 1000 }).toBe(0)
  })

  it('should keep abort working with middleware in every stage (Taro#4386 #11995 #15174 #16897)', async () => {
    const client = env.client()
    for (const stage of ['monitor', 'errors', 'loading', 'cache', 'retry', 'auth'] as const) {
      client.use({ name: stage, stage, middleware: passThrough(stage) })
    }
    client.use(async function interceptor(ctx, next) {
      ctx.request.headers['x-intercepted'] = '1'
      await next()
    })
    const controller = new AbortController()
    const pending = client.get('/fault/slow', { params: { ms: 5000 }, signal: controller.signal })
    await expect.poll(() => env.server.counters.concurrent).toBe(1)
    controller.abort('left the page')
    const error = await pending.catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    expect((error as { reason: unknown }).reason).toBe('left the page')
    await expect.poll(() => env.server.counters.concurrent, { timeout: 1000 }).toBe(0)
  })
})

describe('seed guide defects', () => {
  it('should cancel one request without an id that request() never returned (defect 3)', async () => {
    const client = env.client()
    const keep = client.get('/fault/slow', { params: { ms: 100 } })
    const controller = createAbortController()
    const drop = client.get('/fault/slow', { params: { ms: 5000 }, signal: controller.signal })
    await sleep(20)
    controller.abort()
    await expect(drop).rejects.toSatisfy(isAbortError)
    await expect(keep).resolves.toMatchObject({ code: 0 })
  })

  it('should add no cache-busting _t parameter to GETs (defect 11)', async () => {
    const client = env.client()
    const first = await client.get<{ data: { rawQuery: string } }>('/echo', { params: { page: 1 } })
    await sleep(2)
    const second = await client.get<{ data: { rawQuery: string } }>('/echo', {
      params: { page: 1 },
    })
    expect(first.data.rawQuery).toBe('page=1')
    expect(second.data.rawQuery).toBe(first.data.rawQuery)
  })
})
