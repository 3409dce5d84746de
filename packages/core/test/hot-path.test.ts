import { createFakeWx } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { createAbortController, createClient, isAbortError, type MiniwireRequest } from '../src'

declare module '../src' {
  interface RequestOptions {
    hotPathTag?: string
  }
}

describe('the per-request hot path', () => {
  it('should lower-case mixed-case response header names and stringify their values', async () => {
    const wx = createFakeWx(() => ({
      header: { 'Content-Type': 'application/json', 'X-Count': 3 as never },
    }))
    const client = createClient({ wx: wx as never })
    const response = await client.send({ url: '/x' })
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'x-count': '3' })
  })

  it('should give lower-case response headers through as they are', async () => {
    const wx = createFakeWx(() => ({ header: { etag: '"v1"', 'content-type': 'text/plain' } }))
    const client = createClient({ wx: wx as never })
    const response = await client.send({ url: '/x' })
    expect(response.headers).toEqual({ etag: '"v1"', 'content-type': 'text/plain' })
  })

  it('should give each request its own copy of the default headers', async () => {
    const wx = createFakeWx()
    const client = createClient({ wx: wx as never, headers: { 'X-App': 'demo' } })
    await client.post('/a', { a: 1 })
    await client.get('/b')
    expect(wx.calls[0]!.options.header).toEqual({
      'x-app': 'demo',
      'content-type': 'application/json',
    })
    expect(wx.calls[1]!.options.header).toEqual({ 'x-app': 'demo' })
    expect(client.defaults.headers).toEqual({ 'x-app': 'demo' })
  })

  it('should carry plugin options from client defaults, overridden per request', async () => {
    const seen: Array<MiniwireRequest['hotPathTag']> = []
    const client = createClient({ wx: createFakeWx() as never, hotPathTag: 'client' })
    client.use(async function record(ctx, next) {
      seen.push(ctx.request.hotPathTag)
      await next()
    })
    const child = client.extend({ hotPathTag: 'child' })
    await client.get('/a')
    await client.get('/b', { hotPathTag: 'request' })
    await child.get('/c')
    expect(seen).toEqual(['client', 'request', 'child'])
  })

  it('should forget settled requests, so abortAll counts only the live ones', async () => {
    const wx = createFakeWx((options) =>
      options.url === '/first' ? { statusCode: 200, data: 1 } : new Promise(() => {}),
    )
    const client = createClient({ wx: wx as never })
    await client.get('/first')
    const second = client.get('/second', { group: 'page' }).catch((e: unknown) => e)
    const third = client
      .extend()
      .get('/third')
      .catch((e: unknown) => e)
    expect(client.abortGroup('other')).toBe(0)
    expect(client.abortAll()).toBe(2)
    expect(isAbortError(await second)).toBe(true)
    expect(isAbortError(await third)).toBe(true)
    expect(client.abortAll()).toBe(0)
  })

  it('should abort with the reason of an outer signal that aborts mid-flight', async () => {
    const wx = createFakeWx(() => new Promise(() => {}))
    const client = createClient({ wx: wx as never })
    const controller = createAbortController()
    const pending = client.get('/slow', { signal: controller.signal }).catch((e: unknown) => e)
    controller.abort('left the page')
    const error = await pending
    expect(isAbortError(error)).toBe(true)
    expect((error as { reason: unknown }).reason).toBe('left the page')
    expect(wx.calls[0]!.aborted).toBe(true)
  })
})
