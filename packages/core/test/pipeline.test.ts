import { createFakeWx } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { compose, createClient, type Middleware } from '../src'

describe('the onion', () => {
  it('should run downstream three times and upstream once when a middleware calls next three times', async () => {
    const wx = createFakeWx(() => ({ statusCode: 200, data: { ok: true } }))
    const runs = { outer: 0, replayer: 0, inner: 0 }
    const client = createClient({ wx: wx as never })
    client.use(async function outer(_ctx, next) {
      runs.outer++
      await next()
    })
    client.use(async function replayer(_ctx, next) {
      runs.replayer++
      await next()
      await next()
      await next()
    })
    client.use(async function inner(_ctx, next) {
      runs.inner++
      await next()
    })
    await expect(client.get('/x')).resolves.toEqual({ ok: true })
    expect(runs).toEqual({ outer: 1, replayer: 1, inner: 3 })
    expect(wx.calls).toHaveLength(3)
  })

  it('should count adapter runs on ctx.attempts', async () => {
    const wx = createFakeWx()
    let seen = 0
    const client = createClient({ wx: wx as never })
    client.use(async (ctx, next) => {
      await next()
      await next()
      seen = ctx.attempts
    })
    await client.get('/x')
    expect(seen).toBe(2)
  })

  it('should order plugins by stage whatever the use() order', async () => {
    const order: string[] = []
    const mark =
      (name: string): Middleware =>
      async (_ctx, next) => {
        order.push(name)
        await next()
      }
    const client = createClient({ wx: createFakeWx() as never })
    client.use({ name: 'auth', stage: 'auth', middleware: mark('auth') })
    client.use(mark('user'), { name: 'user' })
    client.use({ name: 'retry', stage: 'retry', middleware: mark('retry') })
    client.use({ name: 'monitor', stage: 'monitor', middleware: mark('monitor') })
    client.use({ name: 'cache', stage: 'cache', middleware: mark('cache') })
    client.use({ name: 'loading', stage: 'loading', middleware: mark('loading') })
    client.use({ name: 'errors', stage: 'errors', middleware: mark('errors') })
    await client.get('/x')
    expect(order).toEqual(['monitor', 'errors', 'loading', 'cache', 'retry', 'auth', 'user'])
    expect(client.plugins).toEqual([
      'monitor',
      'errors',
      'loading',
      'cache',
      'retry',
      'auth',
      'user',
    ])
  })

  it('should reject a second next() inside a compose() bundle with koa-compose guard', async () => {
    const client = createClient({ wx: createFakeWx() as never })
    client.use(
      compose([
        async (_ctx, next) => {
          await next()
          await next()
        },
      ]),
    )
    await expect(client.get('/x')).rejects.toThrow('next() called multiple times')
  })
})
