/**
 * Each token-refresh failure reported against a peer library, reproduced against the demo
 * server's real tokens through wx-node (see shared/reference/peers.md).
 */
import { createAbortController, hasErrorCode, isAbortError, isHttpError } from '@miniwire/core'
import { isAuthError } from '@miniwire/plugin-auth'
import { afterEach, describe, expect, it } from 'vitest'
import { type Envelope, refreshViaServer, settleWithin, startWorld, type World } from './world'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

const me = (w: World, n: number) =>
  Array.from({ length: n }, () => w.client.get<Envelope<{ username: string }>>('/auth/me'))

describe('peer failures of token refresh', () => {
  it('should refresh once for 20 concurrent 401s (fly#214, axios-auth-refresh#13)', async () => {
    world = await startWorld()
    await world.signIn(0)
    const results = await Promise.all(me(world, 20))
    expect(world.server.counters.refresh).toBe(1)
    expect(results.map((r) => r.data.username)).toEqual(Array(20).fill('demo'))
  })

  it('should replay every pending 401, not only the first (axios-auth-refresh#90)', async () => {
    world = await startWorld()
    await world.signIn(0)
    const results = await settleWithin(me(world, 12))
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true)
    expect(world.meAnswers(401)).toBeGreaterThan(0)
    expect(world.meAnswers(200)).toBe(12)
    expect(world.server.counters.refresh).toBe(1)
  })

  it('should reject all 20 waiters with ERR_AUTH and redirect once when the refresh fails (axios-auth-refresh#14, seed guide defect 2)', async () => {
    world = await startWorld()
    await world.signIn(0)
    world.server.control.failRefresh('http500')
    const results = await settleWithin(me(world, 20))
    expect(results.map((r) => r.status)).toEqual(Array(20).fill('rejected'))
    for (const r of results) expect(isAuthError((r as PromiseRejectedResult).reason)).toBe(true)
    expect(world.server.counters.refresh).toBe(1)
    const navigations = world.wx.$log.filter((e) => e.type === 'navigation')
    expect(navigations.map((e) => e.name)).toEqual(['reLaunch'])
    expect(world.wx.$state.pageStack).toEqual(['/pages/login/login'])
    expect(world.wx.getStorageSync('miniwire:auth')).toBe('')
  })

  it('should send the refresh request past the plugin without a token, so it cannot deadlock (axios-auth-refresh#120)', async () => {
    world = await startWorld({ expiredTokenResponse: 'http' }, {})
    const outer = world.client
    await world.signIn(0)
    // The refresh request written against the app's own client with auth: false works too.
    world.plugin.tokens.onChange(() => {})
    const result = await settleWithin([outer.get<Envelope<{ username: string }>>('/auth/me')], 3000)
    expect(result[0]!.status).toBe('fulfilled')
    const refreshes = world.server.requestLog.filter((e) => e.path === '/auth/refresh')
    expect(refreshes).toHaveLength(1)
    expect(refreshes[0]!.headers.authorization).toBeUndefined()
  })

  it('should fail with ERR_AUTH instead of looping when the refreshed token is refused too (axios-auth-refresh#56)', async () => {
    world = await startWorld(
      {},
      {
        refresh: async (ctx) => {
          const pair = (await refreshViaServer(ctx)) as { accessToken: string }
          return `${pair.accessToken}tampered`
        },
      },
    )
    await world.signIn(0)
    const error = await world.client.get('/auth/me').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_AUTH', reason: 'still-unauthorized' })
    expect(isHttpError((error as Error).cause)).toBe(true)
    expect(world.server.counters.refresh).toBe(1)
    expect(world.meAnswers(401)).toBe(2)
  })

  it('should keep the refreshed token when an upstream layer set a header before (ky#500)', async () => {
    world = await startWorld()
    await world.signIn(0)
    let stamped = 0
    world.client.use(
      async function stampHeader(ctx, next) {
        if (ctx.request.url === '/auth/me') stamped++
        ctx.request.headers.authorization = 'Bearer set-by-an-outer-hook'
        await next()
      },
      { stage: 'loading' },
    )
    const res = await world.client.get<Envelope<{ username: string }>>('/auth/me')
    expect(res.data.username).toBe('demo')
    expect(stamped).toBe(1)
    const sent = world.server.requestLog.filter((e) => e.path === '/auth/me')
    expect(sent.map((e) => e.status)).toEqual([401, 200])
    expect(sent[1]!.headers.authorization).not.toBe(sent[0]!.headers.authorization)
  })

  it('should refresh once, not twice, when an outer retry layer replays the request (ky#587)', async () => {
    world = await startWorld(
      {},
      {
        refresh: async (ctx) =>
          `${((await refreshViaServer(ctx)) as { accessToken: string }).accessToken}x`,
      },
    )
    await world.signIn(0)
    let retried = 0
    world.client.use(
      async function retryAnything(_ctx, next) {
        try {
          await next()
        } catch {
          retried++
          await next()
        }
      },
      { stage: 'retry' },
    )
    await expect(world.client.get('/auth/me')).rejects.toMatchObject({
      code: 'ERR_AUTH',
      reason: 'still-unauthorized',
    })
    expect(retried).toBe(1)
    expect(world.meAnswers(401)).toBe(3)
    expect(world.server.counters.refresh).toBe(1)
  })

  it('should turn refresh errors into ERR_AUTH instead of leaving them uncaught (alova#92, #772)', async () => {
    world = await startWorld()
    await world.signIn(0)
    world.server.control.failRefresh('business')
    const business = await world.client.get('/auth/me').catch((e: unknown) => e)
    expect(business).toMatchObject({ code: 'ERR_AUTH', reason: 'refresh-failed' })
    expect((business as Error).message).toContain('must give a token string')

    await world.signIn(0)
    world.server.control.failRefresh('http401')
    const refused = await world.client.get('/auth/me').catch((e: unknown) => e)
    expect(hasErrorCode(refused, 'ERR_AUTH')).toBe(true)
    expect(isHttpError((refused as Error).cause)).toBe(true)
    expect(world.server.counters.refresh).toBe(2)
  })
})

describe('expiry', () => {
  it('should start a new refresh when the refreshed token expires later', async () => {
    world = await startWorld({ accessTokenTtlMs: 300 })
    await world.signIn(0)
    await world.client.get('/auth/me')
    await new Promise((r) => setTimeout(r, 400))
    await world.client.get('/auth/me')
    expect(world.server.counters.refresh).toBe(2)
    expect(world.meAnswers(200)).toBe(2)
  })

  it('should refresh on a business code in an HTTP 200 envelope', async () => {
    world = await startWorld({ expiredTokenResponse: 'business' }, { businessCodes: [40101] })
    await world.signIn(0)
    const results = await Promise.all(me(world, 20))
    expect(results.map((r) => r.code)).toEqual(Array(20).fill(0))
    expect(world.server.counters.refresh).toBe(1)
  })

  it('should refresh ahead of time from the JWT exp within the skew', async () => {
    world = await startWorld({}, { proactive: { skew: 5000 } })
    await world.signIn(2000)
    await Promise.all(me(world, 5))
    expect(world.server.counters.refresh).toBe(1)
    expect(world.meAnswers(401)).toBe(0)
  })
})

describe('waiting for a refresh', () => {
  it('should hold requests started during a refresh and send them with the new token', async () => {
    world = await startWorld()
    await world.signIn(0)
    world.server.control.refreshDelayMs(200)
    const first = world.client.get('/auth/me')
    while (!world.plugin.tokens.refreshing) await new Promise((r) => setTimeout(r, 5))
    const later = me(world, 5)
    const token = await world.plugin.tokens.getToken()
    await Promise.all([first, ...later])
    expect(world.meAnswers(401)).toBe(1)
    expect(world.meAnswers(200)).toBe(6)
    expect((await world.plugin.tokens.getTokens())?.accessToken).toBe(token)
  })

  it('should reject an aborted waiter at once and finish the refresh for the others', async () => {
    world = await startWorld()
    await world.signIn(0)
    world.server.control.refreshDelayMs(300)
    const controller = createAbortController()
    const kept = me(world, 3)
    const dropped = world.client.get('/auth/me', { signal: controller.signal })
    while (!world.plugin.tokens.refreshing) await new Promise((r) => setTimeout(r, 5))
    controller.abort()
    const error = await dropped.catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    expect(world.plugin.tokens.refreshing).toBe(true)
    expect(await Promise.all(kept)).toHaveLength(3)
    expect(world.server.counters.refresh).toBe(1)
  })

  it('should share one refresh between requests and a provider caller such as a socket', async () => {
    world = await startWorld()
    const { accessToken: stale } = await world.signIn(0)
    const [fromSocket] = await Promise.all([
      world.plugin.tokens.refresh({ stale }),
      ...me(world, 5),
    ])
    expect(world.server.counters.refresh).toBe(1)
    expect(fromSocket).not.toBe(stale)
    expect(await world.plugin.tokens.refresh({ stale })).toBe(fromSocket)
    expect(world.server.counters.refresh).toBe(1)
  })
})
