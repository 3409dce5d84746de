import { describe, expect, it } from 'vitest'
import { call, useServer } from './helpers'

const ctx = useServer()

describe('/monitor/collect', () => {
  it('should store JSON batches under their key and list them', async () => {
    const first = await call(ctx.server, 'POST', '/monitor/collect?key=c1', {
      body: { records: [{ url: '/a' }] },
    })
    expect(first.status).toBe(200)
    expect(first.body.data).toEqual({ posts: 1, batches: 1 })
    await call(ctx.server, 'POST', '/monitor/collect?key=c1', { body: { records: [] } })
    await call(ctx.server, 'POST', '/monitor/collect?key=other', { body: { records: [] } })
    const listed = await call(ctx.server, 'GET', '/monitor/collect?key=c1')
    expect(listed.body.data.posts).toBe(2)
    expect(listed.body.data.batches.map((b: { body: unknown }) => b.body)).toEqual([
      { records: [{ url: '/a' }] },
      { records: [] },
    ])
    expect(listed.body.data.batches[0].receivedAt).toBeGreaterThan(0)
  })

  it('should answer the first N posts of a key with 503 when asked to fail', async () => {
    const path = '/monitor/collect?key=c2&fail=2'
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(ctx.server, 'POST', path, { body: { n: i } })).status)
    }
    expect(statuses).toEqual([503, 503, 200])
    const listed = await call(ctx.server, 'GET', '/monitor/collect?key=c2')
    expect(listed.body.data).toMatchObject({ posts: 3, batches: [{ body: { n: 2 } }] })
  })

  it('should refuse a body that is not JSON and forget a key on DELETE', async () => {
    const text = await call(ctx.server, 'POST', '/monitor/collect?key=c3', {
      body: 'plain',
      headers: { 'content-type': 'text/plain' },
    })
    expect(text.status).toBe(400)
    expect(text.body.data.fields.body).toMatch(/JSON/)
    await call(ctx.server, 'POST', '/monitor/collect?key=c3', { body: {} })
    expect((await call(ctx.server, 'DELETE', '/monitor/collect?key=c3')).status).toBe(204)
    const listed = await call(ctx.server, 'GET', '/monitor/collect?key=c3')
    expect(listed.body.data).toEqual({ key: 'c3', posts: 0, batches: [] })
  })
})
