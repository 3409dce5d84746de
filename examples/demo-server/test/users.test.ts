import { describe, expect, it } from 'vitest'
import { call, login, useServer } from './helpers'

const ctx = useServer()

describe('/users', () => {
  it('should page the seeded users as { list, total, page, limit }', async () => {
    const res = await call(ctx.server, 'GET', '/users?page=2&limit=5')
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ total: 25, page: 2, limit: 5 })
    expect(res.body.data.list.map((u: { id: number }) => u.id)).toEqual([6, 7, 8, 9, 10])
    expect(res.body.data.list[0].password).toBeUndefined()
  })

  it('should filter by keyword across username, nickname and email', async () => {
    const res = await call(ctx.server, 'GET', '/users?keyword=ALI')
    expect(res.body.data.total).toBe(1)
    expect(res.body.data.list[0].username).toBe('alice')
  })

  it('should refuse a bad page or limit naming the field', async () => {
    const res = await call(ctx.server, 'GET', '/users?page=0&limit=500')
    expect(res.status).toBe(400)
    expect(Object.keys(res.body.data.fields).sort()).toEqual(['limit', 'page'])
  })

  it('should return one user, 404 code 40401 for a missing one and 400 for a bad id', async () => {
    expect((await call(ctx.server, 'GET', '/users/2')).body.data.username).toBe('alice')
    const missing = await call(ctx.server, 'GET', '/users/999')
    expect(missing).toMatchObject({
      status: 404,
      body: { code: 40401, message: 'user 999 not found' },
    })
    expect((await call(ctx.server, 'GET', '/users/abc')).status).toBe(400)
  })

  it('should answer /users/me only with a token', async () => {
    const { accessToken } = await login(ctx.server, 'bob', 'bob123')
    expect((await call(ctx.server, 'GET', '/users/me', { token: accessToken })).body.data.id).toBe(
      3,
    )
    expect((await call(ctx.server, 'GET', '/users/me')).status).toBe(401)
  })

  it('should create a user with 201 and a Location, and refuse it without a token', async () => {
    const { accessToken } = await login(ctx.server)
    const body = { username: 'created1', password: 'pass123', nickname: 'C' }
    expect((await call(ctx.server, 'POST', '/users', { body })).status).toBe(401)
    const res = await call(ctx.server, 'POST', '/users', { body, token: accessToken })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe(`/users/${res.body.data.id}`)
    expect(res.body.data).toMatchObject({ username: 'created1', nickname: 'C', role: 'user' })
  })

  it('should replace with PUT (nickname required) and update partially with PATCH', async () => {
    const { accessToken: token } = await login(ctx.server, 'alice', 'alice123')
    const bad = await call(ctx.server, 'PUT', '/users/2', { token, body: { bio: 'x' } })
    expect(bad.status).toBe(400)
    expect(bad.body.data.fields.nickname).toBe('nickname is required')
    const put = await call(ctx.server, 'PUT', '/users/2', {
      token,
      body: { nickname: 'Al', bio: 'hi' },
    })
    expect(put.body.data).toMatchObject({ nickname: 'Al', bio: 'hi', email: '' })
    const patch = await call(ctx.server, 'PATCH', '/users/2', {
      token,
      body: { email: 'al@example.com' },
    })
    expect(patch.body.data).toMatchObject({ nickname: 'Al', bio: 'hi', email: 'al@example.com' })
  })

  it('should route POST with X-HTTP-Method-Override: PATCH as PATCH', async () => {
    const { accessToken: token } = await login(ctx.server, 'bob', 'bob123')
    const res = await call(ctx.server, 'POST', '/users/3', {
      token,
      body: { nickname: 'Bobby' },
      headers: { 'X-HTTP-Method-Override': 'PATCH' },
    })
    expect(res.status).toBe(200)
    expect(res.body.data.nickname).toBe('Bobby')
    const entry = ctx.server.requestLog.at(-1)!
    expect(entry).toMatchObject({
      method: 'PATCH',
      originalMethod: 'POST',
      path: '/users/3',
      status: 200,
    })
  })

  it('should refuse an override naming an unknown method', async () => {
    const res = await call(ctx.server, 'POST', '/users/3', {
      headers: { 'X-HTTP-Method-Override': 'BREW' },
    })
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(/BREW/)
  })

  it('should forbid changing another user unless admin, and delete with 204', async () => {
    const { accessToken: bob } = await login(ctx.server, 'bob', 'bob123')
    const denied = await call(ctx.server, 'DELETE', '/users/4', { token: bob })
    expect(denied).toMatchObject({ status: 403, body: { code: 40301 } })
    const { accessToken: admin } = await login(ctx.server)
    const res = await fetch(`${ctx.server.url}/users/4`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect((await call(ctx.server, 'GET', '/users/4')).status).toBe(404)
  })
})

describe('ETag and Cache-Control', () => {
  it('should tag list and detail GETs and answer a matching If-None-Match with 304', async () => {
    for (const path of ['/users?limit=3', '/users/1']) {
      const first = await call(ctx.server, 'GET', path)
      const tag = first.headers.get('etag')!
      expect(tag).toMatch(/^".+"$/)
      expect(first.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/)
      const res = await fetch(ctx.server.url + path, { headers: { 'if-none-match': tag } })
      expect(res.status).toBe(304)
      expect(await res.text()).toBe('')
    }
  })

  it('should change the ETag when the data changes', async () => {
    const before = (await call(ctx.server, 'GET', '/users/1')).headers.get('etag')!
    const { accessToken: token } = await login(ctx.server)
    await call(ctx.server, 'PATCH', '/users/1', { token, body: { bio: 'changed' } })
    const res = await fetch(`${ctx.server.url}/users/1`, { headers: { 'if-none-match': before } })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).not.toBe(before)
  })
})

describe('unknown routes and the log', () => {
  it('should answer an unknown route with a 404 envelope naming it', async () => {
    const res = await call(ctx.server, 'GET', '/no/such/thing')
    expect(res).toMatchObject({
      status: 404,
      body: { code: 40400, message: 'no route for GET /no/such/thing' },
    })
  })

  it('should count requests by matched route and keep headers in the log', async () => {
    ctx.server.resetCounters()
    await call(ctx.server, 'GET', '/users/1', { headers: { 'x-trace': 'abc' } })
    await call(ctx.server, 'GET', '/users/2')
    expect(ctx.server.counters.requestsByRoute['GET /users/:id']).toBe(2)
    expect(ctx.server.counters.total).toBe(2)
    expect(ctx.server.requestLog[0]!.headers['x-trace']).toBe('abc')
    expect(ctx.server.requestLog).toHaveLength(2)
  })

  it('should track the peak of concurrent requests', async () => {
    ctx.server.resetCounters()
    await Promise.all([1, 2, 3].map(() => call(ctx.server, 'GET', '/fault/slow?ms=100')))
    expect(ctx.server.counters.maxConcurrent).toBe(3)
    expect(ctx.server.counters.concurrent).toBe(0)
  })
})
