import { createFakeWx, unhandledRejectionsDuring } from '@miniwire/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Context, createClient, forkContext, hasErrorCode, isHttpError } from '../../src'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the onion guard', () => {
  it('should name the middleware that forgot to await next(), and leave no rejection unhandled', async () => {
    // The downstream fails (a 500) after the careless layer has already returned.
    const wx = createFakeWx(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      return { statusCode: 500, data: 'down' }
    })
    const unhandled = await unhandledRejectionsDuring(async () => {
      const client = createClient({ wx: wx as never })
      client.use(async function careless(_ctx, next) {
        next()
      })
      const error = await client.get('/orders').catch((e: unknown) => e)
      expect(hasErrorCode(error, 'ERR_MIDDLEWARE')).toBe(true)
      expect((error as Error).message).toBe(
        'GET /orders: middleware "careless" settled before the next() it called did: await or return next() (or call next({ background: true }) on purpose)',
      )
    })
    expect(wx.calls).toHaveLength(1)
    expect(unhandled).toEqual([])
  })

  it('should name a middleware whose next() failed before it settled with no response, with the error as cause, and leave no rejection unhandled', async () => {
    const unhandled = await unhandledRejectionsDuring(async () => {
      // wx fails at once; the careless layer returns only after a timer, having never awaited.
      const wx = createFakeWx(() => ({ fail: { errMsg: 'request:fail connection refused' } }))
      const client = createClient({ wx: wx as never })
      client.use(async function careless(_ctx, next) {
        next()
        await new Promise((resolve) => setTimeout(resolve, 10))
      })
      const error = await client.get('/orders').catch((e: unknown) => e)
      expect(hasErrorCode(error, 'ERR_MIDDLEWARE')).toBe(true)
      expect((error as Error).message).toBe(
        'GET /orders: middleware "careless" settled with no response after its next() failed',
      )
      expect(hasErrorCode((error as Error).cause, 'ERR_NETWORK')).toBe(true)
    })
    expect(unhandled).toEqual([])
  })

  it('should leave no rejection unhandled when a layer below a careless one fails, or the request is refused before it is sent', async () => {
    const unhandled = await unhandledRejectionsDuring(async () => {
      // The careless layer sits outside the one that fails.
      const client = createClient({ wx: createFakeWx() as never })
      client.use(
        async function careless(_ctx, next) {
          next()
          await new Promise((resolve) => setTimeout(resolve, 10))
        },
        { stage: 'cache' },
      )
      client.use(async function refuses() {
        throw new Error('refused by a layer')
      })
      const layerError = await client.get('/a').catch((e: unknown) => e)
      expect((layerError as Error).cause).toEqual(new Error('refused by a layer'))

      const aborted = createClient({ wx: createFakeWx() as never })
      aborted.use(async function careless(_ctx, next) {
        next()
        await new Promise((resolve) => setTimeout(resolve, 10))
      })
      const controller = new AbortController()
      controller.abort()
      const refusal = await aborted
        .get('/b', { signal: controller.signal as never })
        .catch((e: unknown) => e)
      expect(hasErrorCode((refusal as Error).cause, 'ERR_ABORTED')).toBe(true)
    })
    expect(unhandled).toEqual([])
  })

  it('should let a middleware handle its next()’s error on purpose by setting a response', async () => {
    const client = createClient({ wx: createFakeWx(() => ({ statusCode: 503 })) as never })
    client.use(async function fallback(ctx, next) {
      try {
        await next()
      } catch {
        ctx.response = {
          status: 200,
          headers: {},
          data: 'offline copy',
          cookies: [],
          profile: undefined,
        }
      }
    })
    await expect(client.get('/feed')).resolves.toBe('offline copy')
  })

  it('should let a middleware leave a downstream run going on a forked context with next({ background: true })', async () => {
    const wx = createFakeWx(() => ({ statusCode: 200, data: { fresh: true } }))
    const client = createClient({ wx: wx as never })
    let background: Promise<void> | undefined
    let fork: Context | undefined
    client.use(async function staleWhileRevalidate(ctx, next) {
      ctx.response = {
        status: 200,
        headers: {},
        data: { stale: true },
        cookies: [],
        profile: undefined,
      }
      fork = forkContext(ctx)
      background = next({ background: true, context: fork })
    })
    await expect(client.get('/feed')).resolves.toEqual({ stale: true })
    await background
    expect(wx.calls).toHaveLength(1)
    expect(fork!.response!.data).toEqual({ fresh: true })
  })

  it('should pass a middleware’s own rejection through unchanged', async () => {
    const client = createClient({ wx: createFakeWx(() => ({ statusCode: 404 })) as never })
    client.use(async function rethrow(_ctx, next) {
      await next()
    })
    expect(isHttpError(await client.get('/missing').catch((e: unknown) => e))).toBe(true)
  })
})

describe('adoption warnings and messages', () => {
  it('should warn once when a request option has no plugin to read it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const client = createClient({ wx: createFakeWx() as never })
    const untyped = { retry: 3 } as never
    await client.get('/a', untyped)
    await client.get('/b', untyped)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toBe(
      '[miniwire] option "retry" is not read by any plugin on this client (none): it is ignored. Did you forget client.use() of its plugin?',
    )
  })

  it('should stay quiet about options a plugin on the client declares it reads', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const client = createClient({ wx: createFakeWx() as never, retry: 2 } as never)
    client.use({ name: 'retry', optionKeys: ['retry'], middleware: (_ctx, next) => next() })
    await client.get('/a', { retry: 1 } as never)
    expect(warn).not.toHaveBeenCalled()
  })

  it('should name the request and the group when abortGroup() aborts it', async () => {
    const wx = createFakeWx(() => new Promise(() => {}))
    const client = createClient({ wx: wx as never })
    const pending = client.get('/detail', { group: 'pages/detail/detail' })
    await Promise.resolve()
    expect(client.abortGroup('pages/detail/detail')).toBe(1)
    await expect(pending).rejects.toThrow(
      'GET /detail was aborted: client.abortGroup("pages/detail/detail") was called',
    )
    const other = client.get('/feed')
    client.abortAll()
    await expect(other).rejects.toThrow('GET /feed was aborted: client.abortAll() was called')
  })
})
