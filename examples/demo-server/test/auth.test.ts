import { describe, expect, it } from 'vitest'
import { startDemoServer } from '../src/index'
import { call, login, useServer } from './helpers'

const ctx = useServer()

function payload(token: string): { sub: number; iat: number; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'))
}

describe('login and tokens', () => {
  it('should log the seeded demo user in and return a JWT-shaped pair with a readable exp', async () => {
    const tokens = await login(ctx.server)
    expect(tokens.expiresIn).toBe(900)
    const claims = payload(tokens.accessToken)
    expect(claims.sub).toBe(1)
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(899)
    expect(claims.exp * 1000).toBeGreaterThan(Date.now())
  })

  it('should refuse a wrong password with 401 and code 40103', async () => {
    const res = await call(ctx.server, 'POST', '/auth/login', {
      body: { username: 'demo', password: 'nope' },
    })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe(40103)
  })

  it('should name every missing login field in a 400', async () => {
    const res = await call(ctx.server, 'POST', '/auth/login', { body: {} })
    expect(res.status).toBe(400)
    expect(res.body.data.fields).toEqual({
      username: 'username is required',
      password: 'password is required',
    })
  })

  it('should refuse broken JSON with a 400 that says so', async () => {
    const res = await call(ctx.server, 'POST', '/auth/login', { body: '{"username":' })
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(/not valid JSON/)
  })

  it('should count logins, including wx-login', async () => {
    const before = ctx.server.counters.login
    await login(ctx.server)
    await call(ctx.server, 'POST', '/auth/wx-login', { body: { code: 'count-me' } })
    expect(ctx.server.counters.login).toBe(before + 2)
  })

  it('should accept a wx login code once and refuse it the second time', async () => {
    const first = await call(ctx.server, 'POST', '/auth/wx-login', { body: { code: 'abc123' } })
    expect(first.status).toBe(200)
    expect(first.body.data.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    const second = await call(ctx.server, 'POST', '/auth/wx-login', { body: { code: 'abc123' } })
    expect(second.status).toBe(400)
    expect(second.body.code).toBe(40004)
  })

  it('should register a user (201) who can then log in, and refuse a taken name', async () => {
    const res = await call(ctx.server, 'POST', '/auth/register', {
      body: { username: 'newbie', password: 'secret1', email: 'n@example.com' },
    })
    expect(res.status).toBe(201)
    expect(res.body.data.user).toMatchObject({ username: 'newbie', email: 'n@example.com' })
    expect(res.body.data.user.password).toBeUndefined()
    await expect(login(ctx.server, 'newbie', 'secret1')).resolves.toHaveProperty('accessToken')
    const again = await call(ctx.server, 'POST', '/auth/register', {
      body: { username: 'newbie', password: 'secret1' },
    })
    expect(again.status).toBe(400)
    expect(again.body.data.fields.username).toMatch(/taken/)
  })

  it('should validate register fields all at once', async () => {
    const res = await call(ctx.server, 'POST', '/auth/register', {
      body: { username: 'a!', password: '123', email: 'not-mail' },
    })
    expect(res.status).toBe(400)
    expect(Object.keys(res.body.data.fields).sort()).toEqual(['email', 'password', 'username'])
  })

  it('should answer GET /auth/me for a valid token and 401 code 40101 without one', async () => {
    const { accessToken } = await login(ctx.server)
    const me = await call(ctx.server, 'GET', '/auth/me', { token: accessToken })
    expect(me.body.data.username).toBe('demo')
    const anon = await call(ctx.server, 'GET', '/auth/me')
    expect(anon.status).toBe(401)
    expect(anon.body).toEqual({ code: 40101, message: 'access token required' })
  })

  it('should treat an already-expired issued token as 401 code 40101', async () => {
    const { accessToken } = ctx.server.issueTokens({ accessTtlMs: 0 })
    const res = await call(ctx.server, 'GET', '/auth/me', { token: accessToken })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe(40101)
    expect(res.body.message).toBe('access token expired')
  })

  it('should refuse a token with a tampered signature', async () => {
    const { accessToken } = ctx.server.issueTokens()
    const res = await call(ctx.server, 'GET', '/auth/me', {
      token: `${accessToken.slice(0, -2)}xx`,
    })
    expect(res.status).toBe(401)
  })

  it('should refresh into a new pair, count it, and refuse reusing the old refresh token', async () => {
    const { refreshToken } = ctx.server.issueTokens({ userId: 2 })
    const before = ctx.server.counters.refresh
    const res = await call(ctx.server, 'POST', '/auth/refresh', { body: { refreshToken } })
    expect(res.status).toBe(200)
    expect(payload(res.body.data.accessToken).sub).toBe(2)
    expect(ctx.server.counters.refresh).toBe(before + 1)
    const reuse = await call(ctx.server, 'POST', '/auth/refresh', { body: { refreshToken } })
    expect(reuse.status).toBe(401)
    expect(reuse.body.code).toBe(40102)
  })

  it('should refuse an expired refresh token with 401 code 40102', async () => {
    const { refreshToken } = ctx.server.issueTokens({ refreshTtlMs: -1 })
    const res = await call(ctx.server, 'POST', '/auth/refresh', { body: { refreshToken } })
    expect(res).toMatchObject({
      status: 401,
      body: { code: 40102, message: 'refresh token expired' },
    })
  })

  it('should fail refresh in each way the test switch asks, then recover', async () => {
    const { server } = ctx
    const refreshToken = () => server.issueTokens().refreshToken
    server.control.failRefresh('http500')
    expect(
      (await call(server, 'POST', '/auth/refresh', { body: { refreshToken: refreshToken() } }))
        .status,
    ).toBe(500)
    server.control.failRefresh('http401')
    const r401 = await call(server, 'POST', '/auth/refresh', {
      body: { refreshToken: refreshToken() },
    })
    expect(r401).toMatchObject({ status: 401, body: { code: 40102 } })
    server.control.failRefresh('business')
    const biz = await call(server, 'POST', '/auth/refresh', {
      body: { refreshToken: refreshToken() },
    })
    expect(biz).toMatchObject({ status: 200, body: { code: 40102 } })
    server.control.failRefresh(false)
    const good = await call(server, 'POST', '/auth/refresh', {
      body: { refreshToken: refreshToken() },
    })
    expect(good).toMatchObject({ status: 200, body: { code: 0 } })
  })

  it('should hold refresh answers back for the configured delay', async () => {
    const { server } = ctx
    server.control.refreshDelayMs(150)
    const started = Date.now()
    let settled = false
    const pending = call(server, 'POST', '/auth/refresh', {
      body: { refreshToken: server.issueTokens().refreshToken },
    }).then((r) => {
      settled = true
      return r
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(settled).toBe(false)
    expect((await pending).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    server.control.refreshDelayMs(0)
  })

  it('should change the password when the old one is right and say which field is wrong otherwise', async () => {
    await call(ctx.server, 'POST', '/auth/register', {
      body: { username: 'changer', password: 'first1' },
    })
    const { accessToken } = await login(ctx.server, 'changer', 'first1')
    const wrong = await call(ctx.server, 'POST', '/auth/change-password', {
      token: accessToken,
      body: { oldPassword: 'nope', newPassword: 'second2' },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.data.fields.oldPassword).toBe('oldPassword is wrong')
    const right = await call(ctx.server, 'POST', '/auth/change-password', {
      token: accessToken,
      body: { oldPassword: 'first1', newPassword: 'second2' },
    })
    expect(right.body.code).toBe(0)
    await expect(login(ctx.server, 'changer', 'second2')).resolves.toHaveProperty('refreshToken')
  })

  it('should accept a forgot-password request by email and require the email', async () => {
    const ok = await call(ctx.server, 'POST', '/auth/forgot-password', {
      body: { email: 'demo@example.com' },
    })
    expect(ok.body).toEqual({ code: 0, message: 'ok', data: { sent: true } })
    const missing = await call(ctx.server, 'POST', '/auth/forgot-password', { body: {} })
    expect(missing.status).toBe(400)
    expect(missing.body.data.fields.email).toBe('email is required')
  })
})

describe("expiredTokenResponse: 'business'", () => {
  it('should answer an expired token with HTTP 200 and code 40101', async () => {
    const server = await startDemoServer({
      expiredTokenResponse: 'business',
      accessTokenTtlMs: 60_000,
    })
    try {
      const { accessToken } = server.issueTokens({ accessTtlMs: -1000 })
      const res = await call(server, 'GET', '/users/me', { token: accessToken })
      expect(res.status).toBe(200)
      expect(res.body.code).toBe(40101)
      const fresh = await call(server, 'POST', '/auth/login', {
        body: { username: 'demo', password: 'demo123' },
      })
      expect(fresh.body.data.expiresIn).toBe(60)
    } finally {
      await server.close()
    }
  })
})
