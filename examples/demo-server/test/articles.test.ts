import { beforeAll, describe, expect, it } from 'vitest'
import { call, login, useServer } from './helpers'

const ctx = useServer()
let demo: string
let bob: string

beforeAll(async () => {
  demo = (await login(ctx.server)).accessToken
  bob = (await login(ctx.server, 'bob', 'bob123')).accessToken
})

describe('/articles', () => {
  it('should list, filter by tag and keyword, and page articles', async () => {
    const all = await call(ctx.server, 'GET', '/articles?limit=5')
    expect(all.body.data).toMatchObject({ total: 12, page: 1, limit: 5 })
    expect(all.body.data.list[0]).toMatchObject({ id: 1, likes: 0, liked: false, commentCount: 3 })
    const tagged = await call(ctx.server, 'GET', '/articles?tag=upload&limit=100')
    expect(tagged.body.data.total).toBe(6)
    const found = await call(ctx.server, 'GET', '/articles?keyword=websocket')
    expect(
      found.body.data.list.every((a: { title: string }) => a.title.includes('WebSocket')),
    ).toBe(true)
  })

  it('should create (201), replace, patch and delete (204) an article as its author', async () => {
    const created = await call(ctx.server, 'POST', '/articles', {
      token: bob,
      body: { title: 'Hi', content: 'First post', tags: ['news'] },
    })
    expect(created.status).toBe(201)
    const id = created.body.data.id
    expect(created.body.data).toMatchObject({ authorId: 3, title: 'Hi', tags: ['news'] })
    const put = await call(ctx.server, 'PUT', `/articles/${id}`, {
      token: bob,
      body: { title: 'Hello', content: 'Body' },
    })
    expect(put.body.data).toMatchObject({ title: 'Hello', content: 'Body', tags: [] })
    const patched = await call(ctx.server, 'POST', `/articles/${id}`, {
      token: bob,
      body: { content: 'Patched' },
      headers: { 'X-HTTP-Method-Override': 'PATCH' },
    })
    expect(patched.body.data).toMatchObject({ title: 'Hello', content: 'Patched' })
    const del = await call(ctx.server, 'DELETE', `/articles/${id}`, { token: bob })
    expect(del.status).toBe(204)
    expect((await call(ctx.server, 'GET', `/articles/${id}`)).status).toBe(404)
  })

  it('should name missing fields when creating and forbid editing someone else’s article', async () => {
    const bad = await call(ctx.server, 'POST', '/articles', { token: bob, body: { tags: 'x' } })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.data.fields).sort()).toEqual(['content', 'tags', 'title'])
    const denied = await call(ctx.server, 'PATCH', '/articles/1', {
      token: bob,
      body: { title: 'mine now' },
    })
    expect(denied).toMatchObject({ status: 403, body: { code: 40301 } })
    expect(
      (await call(ctx.server, 'POST', '/articles', { body: { title: 't', content: 'c' } })).status,
    ).toBe(401)
  })

  it('should like and favorite idempotently, undo with DELETE, and show it to the viewer', async () => {
    const like = () => call(ctx.server, 'POST', '/articles/2/like', { token: demo })
    expect((await like()).body.data).toEqual({ liked: true, likes: 1 })
    expect((await like()).body.data).toEqual({ liked: true, likes: 1 })
    const fav = await call(ctx.server, 'POST', '/articles/2/favorite', { token: demo })
    expect(fav.body.data).toEqual({ favorited: true, favorites: 1 })
    const mine = await call(ctx.server, 'GET', '/articles/2', { token: demo })
    expect(mine.body.data).toMatchObject({ liked: true, favorited: true, likes: 1 })
    const anon = await call(ctx.server, 'GET', '/articles/2')
    expect(anon.body.data).toMatchObject({ liked: false, likes: 1 })
    const unlike = await call(ctx.server, 'DELETE', '/articles/2/like', { token: demo })
    expect(unlike.body.data).toEqual({ liked: false, likes: 0 })
  })

  it('should tag article GETs with an ETag and answer 304', async () => {
    const first = await fetch(`${ctx.server.url}/articles/3`)
    const res = await fetch(`${ctx.server.url}/articles/3`, {
      headers: { 'if-none-match': first.headers.get('etag')! },
    })
    expect(res.status).toBe(304)
  })
})

describe('comments', () => {
  it('should list an article’s comments and 404 for a missing article', async () => {
    const res = await call(ctx.server, 'GET', '/articles/1/comments')
    expect(res.body.data.total).toBe(3)
    expect(res.body.data.list[1]).toMatchObject({ id: 2, parentId: 1 })
    expect((await call(ctx.server, 'GET', '/articles/999/comments')).status).toBe(404)
  })

  it('should add a comment (201), reply to it, and delete it with its replies (204)', async () => {
    const c = await call(ctx.server, 'POST', '/articles/5/comments', {
      token: bob,
      body: { content: 'hello' },
    })
    expect(c.status).toBe(201)
    const reply = await call(ctx.server, 'POST', `/comments/${c.body.data.id}/reply`, {
      token: demo,
      body: { content: 'hi back' },
    })
    expect(reply.status).toBe(201)
    expect(reply.body.data).toMatchObject({ articleId: 5, parentId: c.body.data.id, authorId: 1 })
    const denied = await call(ctx.server, 'DELETE', `/comments/${reply.body.data.id}`, {
      token: bob,
    })
    expect(denied.status).toBe(403)
    expect(
      (await call(ctx.server, 'DELETE', `/comments/${c.body.data.id}`, { token: bob })).status,
    ).toBe(204)
    expect((await call(ctx.server, 'GET', `/comments/${reply.body.data.id}`)).status).toBe(404)
  })

  it('should require content for a comment', async () => {
    const res = await call(ctx.server, 'POST', '/articles/5/comments', {
      token: bob,
      body: { content: '' },
    })
    expect(res.status).toBe(400)
    expect(res.body.data.fields.content).toBe('content is required')
  })
})
