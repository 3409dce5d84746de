/**
 * Where the token goes (only to allowed origins, never with `auth: false`), where it is read
 * from (the client's runtime storage, at request time), and the serialised `wx.login` helper.
 */
import { isHttpError } from '@miniwire/core'
import { startDemoServer, type DemoServer, type TokenPair } from '@miniwire/demo-server'
import { getTokenProvider, login } from '@miniwire/plugin-auth'
import { afterEach, describe, expect, it } from 'vitest'
import { type Envelope, startWorld, type World } from './world'

type Echo = Envelope<{ headers: Record<string, string | undefined> }>

let world: World | undefined
let other: DemoServer | undefined
afterEach(async () => {
  await world?.close()
  await other?.close()
  world = undefined
  other = undefined
})

describe('where the token goes', () => {
  it('should send the token to the baseURL origin but never to a third-party origin', async () => {
    world = await startWorld()
    other = await startDemoServer()
    const { accessToken } = await world.signIn()
    const own = await world.client.get<Echo>('/echo')
    const absoluteOwn = await world.client.get<Echo>(`${world.server.url}/echo`)
    const third = await world.client.get<Echo>(`${other.url}/echo`)
    expect(own.data.headers.authorization).toBe(`Bearer ${accessToken}`)
    expect(absoluteOwn.data.headers.authorization).toBe(`Bearer ${accessToken}`)
    expect(third.data.headers.authorization).toBeUndefined()
    expect(other.requestLog[0]!.headers.authorization).toBeUndefined()
  })

  it('should send it to a listed origin, or to any origin when a request opts in', async () => {
    other = await startDemoServer()
    // Listed origins are compared case-insensitively, paths ignored.
    world = await startWorld({}, { origins: [`${other.url.toUpperCase()}/v1`] })
    const { accessToken } = await world.signIn()
    const listed = await world.client.get<Echo>(`${other.url}/echo`)
    const unlisted = await world.client.get<Echo>('/echo')
    const optedIn = await world.client.get<Echo>('/echo', { auth: { anyOrigin: true } })
    expect(listed.data.headers.authorization).toBe(`Bearer ${accessToken}`)
    expect(unlisted.data.headers.authorization).toBeUndefined()
    expect(optedIn.data.headers.authorization).toBe(`Bearer ${accessToken}`)
  })

  it('should send no token and never refresh with auth: false', async () => {
    world = await startWorld()
    await world.signIn(0)
    const echo = await world.client.get<Echo>('/echo', { auth: false })
    expect(echo.data.headers.authorization).toBeUndefined()
    const error = await world.client.get('/auth/me', { auth: false }).catch((e: unknown) => e)
    expect(isHttpError(error) && error.status).toBe(401)
    expect(world.server.counters.refresh).toBe(0)
  })

  it('should fail at once with ERR_AUTH when a request turns refresh off', async () => {
    world = await startWorld()
    await world.signIn(0)
    await expect(world.client.get('/auth/me', { auth: { refresh: false } })).rejects.toMatchObject({
      code: 'ERR_AUTH',
      reason: 'unauthorized',
    })
    expect(world.server.counters.refresh).toBe(0)
  })

  it('should use a configured header name and scheme', async () => {
    world = await startWorld({}, { header: 'X-Access-Token', scheme: '' })
    const { accessToken } = await world.signIn()
    const echo = await world.client.get<Echo>('/echo')
    expect(echo.data.headers['x-access-token']).toBe(accessToken)
    expect(echo.data.headers.authorization).toBeUndefined()
  })
})

describe('where the token is read from', () => {
  it('should read the token from the client runtime storage at request time, not once (seed guide defect 2)', async () => {
    world = await startWorld()
    const first = world.server.issueTokens()
    world.wx.setStorageSync('miniwire:auth', first)
    const a = await world.client.get<Echo>('/echo')
    const second = world.server.issueTokens({ userId: 1 })
    world.wx.setStorageSync('miniwire:auth', second)
    const b = await world.client.get<Echo>('/echo')
    expect(a.data.headers.authorization).toBe(`Bearer ${first.accessToken}`)
    expect(b.data.headers.authorization).toBe(`Bearer ${second.accessToken}`)
  })

  it('should write refreshed tokens through the runtime storage', async () => {
    world = await startWorld()
    const { refreshToken } = await world.signIn(0)
    await world.client.get('/auth/me')
    const stored = world.wx.getStorageSync('miniwire:auth') as TokenPair & { expiresAt: number }
    expect(stored.refreshToken).not.toBe(refreshToken)
    expect(stored.expiresAt).toBeGreaterThan(Date.now())
    const writes = world.wx.$log.filter((e) => e.type === 'storage' && e.name === 'setStorageSync')
    expect(writes).toHaveLength(2)
  })
})

describe('login with wx.login', () => {
  const exchangeWith = (w: World) => async (code: string) =>
    (await w.client.post<Envelope<TokenPair>>('/auth/wx-login', { code }, { auth: false })).data

  it('should share one wx.login and one code exchange between concurrent logins', async () => {
    world = await startWorld()
    const exchange = exchangeWith(world)
    const [a, b] = await Promise.all([
      login(world.client, { exchange }),
      login(world.plugin.tokens, { exchange }),
    ])
    expect(a).toBe(b)
    expect(world.wx.$log.filter((e) => e.name === 'login')).toHaveLength(1)
    expect(world.server.counters.login).toBe(1)
    const me = await world.client.get<Envelope<{ nickname: string }>>('/auth/me')
    expect(me.data.nickname).toBe('微信用户')
  })

  it('should find the token provider from a child client made with extend()', async () => {
    world = await startWorld()
    const child = world.client.extend({ headers: { 'x-page': 'detail' } })
    expect(getTokenProvider(child)).toBe(world.plugin.tokens)
    const token = await login(child, { exchange: exchangeWith(world) })
    expect(await world.plugin.tokens.getToken()).toBe(token)
    const me = await child.get<Envelope<{ nickname: string }>>('/auth/me')
    expect(me.data.nickname).toBe('微信用户')
  })

  it('should reject with ERR_AUTH login-failed when the code is refused, without redirecting', async () => {
    world = await startWorld()
    world.wx.$control.setLoginCode(() => 'same-code')
    const exchange = exchangeWith(world)
    await login(world.client, { exchange })
    const error = await login(world.client, { exchange }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_AUTH', reason: 'login-failed' })
    expect(isHttpError((error as Error).cause)).toBe(true)
    expect(world.wx.$log.filter((e) => e.type === 'navigation')).toHaveLength(0)
  })
})
