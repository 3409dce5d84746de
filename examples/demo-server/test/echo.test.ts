import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { call, useServer } from './helpers'

const ctx = useServer()

describe('/echo', () => {
  it('should report method, path, raw and parsed query, headers and a JSON body', async () => {
    const res = await call(ctx.server, 'PUT', '/echo?a=1&b=x&b=y', {
      body: { hello: '世界' },
      headers: { 'x-custom': 'yes' },
    })
    expect(res.body.data).toMatchObject({
      method: 'PUT',
      originalMethod: 'PUT',
      path: '/echo',
      rawQuery: 'a=1&b=x&b=y',
      query: { a: '1', b: ['x', 'y'] },
      bodyKind: 'json',
      body: { hello: '世界' },
      bodyBytes: Buffer.byteLength(JSON.stringify({ hello: '世界' })),
    })
    expect(res.body.data.headers['x-custom']).toBe('yes')
  })

  it('should decode a urlencoded form and plain text', async () => {
    const form = await call(ctx.server, 'POST', '/echo', {
      body: 'a=1&b=two',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(form.body.data).toMatchObject({ bodyKind: 'form', body: { a: '1', b: 'two' } })
    const text = await call(ctx.server, 'POST', '/echo', {
      body: 'just text',
      headers: { 'content-type': 'text/plain' },
    })
    expect(text.body.data).toMatchObject({ bodyKind: 'text', body: 'just text', bodyBytes: 9 })
  })

  it('should show the overridden method and the one on the wire', async () => {
    const res = await call(ctx.server, 'POST', '/echo', {
      body: {},
      headers: { 'X-HTTP-Method-Override': 'PATCH' },
    })
    expect(res.body.data).toMatchObject({ method: 'PATCH', originalMethod: 'POST' })
  })

  it('should report binary bodies as base64 with their byte count', async () => {
    const res = await fetch(`${ctx.server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 1, 2, 255]),
    })
    const { data } = (await res.json()) as { data: unknown }
    expect(data).toMatchObject({ bodyKind: 'binary', body: 'AAEC/w==', bodyBytes: 4 })
  })

  it('should send N pattern bytes as octet-stream', async () => {
    const res = await fetch(`${ctx.server.url}/echo/bytes?n=1000`)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('content-length')).toBe('1000')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(bytes.length).toBe(1000)
    expect(bytes[257]).toBe(1)
    expect((await call(ctx.server, 'GET', '/echo/bytes?n=-1')).status).toBe(400)
  })

  it('should send plain text', async () => {
    const res = await fetch(`${ctx.server.url}/echo/text?text=你好`)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await res.text()).toBe('你好')
    const hash = createHash('md5')
      .update(await (await fetch(`${ctx.server.url}/echo/text`)).text())
      .digest('hex')
    expect(hash).toMatch(/^[0-9a-f]{32}$/)
  })
})
