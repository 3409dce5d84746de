/**
 * The onion over a real server: replay sends real requests, stages order plugins, extend()
 * inherits, and a middleware can see and change what goes out.
 */
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { isHttpError, type Middleware } from '../src'

const env = useIntegration()

describe('replay', () => {
  it('should send three requests when a middleware calls next three times, and run the outer layer once', async () => {
    const client = env.client()
    let outer = 0
    client.use({
      name: 'monitor',
      stage: 'monitor',
      middleware: async (_ctx, next) => {
        outer++
        await next()
      },
    })
    client.use({
      name: 'thrice',
      stage: 'retry',
      middleware: async (_ctx, next) => {
        await next()
        await next()
        await next()
      },
    })
    const key = `replay-${Date.now()}`
    await client.get('/fault/flaky', { params: { key, fail: 0 } })
    const plain = env.client()
    const hits = await plain.get<{ data: { hits: number } }>('/fault/hits', { params: { key } })
    expect(hits.data.hits).toBe(3)
    expect(outer).toBe(1)
  })

  it('should let a layer replay after a failure, as a retry does', async () => {
    const client = env.client()
    client.use({
      name: 'again',
      stage: 'retry',
      middleware: async function again(_ctx, next) {
        try {
          await next()
        } catch (error) {
          if (!isHttpError(error)) throw error
          await next()
        }
      },
    })
    const key = `again-${Date.now()}`
    const body = await client.get<{ data: { attempts: number } }>('/fault/flaky', {
      params: { key, fail: 1 },
    })
    expect(body.data.attempts).toBe(2)
  })
})

describe('stages and extend', () => {
  it('should run user middleware inside auth, so a header it sets reaches the server', async () => {
    const client = env.client()
    const order: string[] = []
    const mark =
      (name: string): Middleware =>
      async (ctx, next) => {
        order.push(name)
        ctx.request.headers[`x-${name}`] = '1'
        await next()
      }
    client.use(mark('user'), { name: 'user' })
    client.use({ name: 'auth', stage: 'auth', middleware: mark('auth') })
    const seen = await client.get<{ data: { headers: Record<string, string> } }>('/echo')
    expect(order).toEqual(['auth', 'user'])
    expect(seen.data.headers['x-auth']).toBe('1')
    expect(seen.data.headers['x-user']).toBe('1')
  })

  it('should give a child client the parent defaults, middleware and events', async () => {
    const parent = env.client({ headers: { 'x-app': 'demo' } })
    let ran = 0
    parent.use(async function count(_ctx, next) {
      ran++
      await next()
    })
    const seenByParent: string[] = []
    parent.on('response', (ctx) => seenByParent.push(ctx.request.url))
    const child = parent.extend({ headers: { 'x-role': 'admin' }, timeout: 5000 })
    const body = await child.get<{ data: { headers: Record<string, string> } }>('/echo')
    expect(body.data.headers['x-app']).toBe('demo')
    expect(body.data.headers['x-role']).toBe('admin')
    expect(ran).toBe(1)
    expect(seenByParent).toEqual(['/echo'])
    expect(child.defaults.timeout).toBe(5000)
    expect(parent.defaults.timeout).toBe(60_000)
  })
})
