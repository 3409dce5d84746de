import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useServer } from './helpers'

const ctx = useServer()
const TUS = { 'Tus-Resumable': '1.0.0' }

describe('tus endpoint /tus/', () => {
  it('should upload over POST with X-HTTP-Method-Override: PATCH, as a mini program must', async () => {
    const content = Buffer.from('tus upload through a method override, twice: '.repeat(100))
    const half = Math.floor(content.length / 2)
    const create = await fetch(`${ctx.server.url}/tus/`, {
      method: 'POST',
      headers: {
        ...TUS,
        'Upload-Length': String(content.length),
        'Upload-Metadata': `filename ${Buffer.from('a.txt').toString('base64')}`,
      },
    })
    expect(create.status).toBe(201)
    const location = new URL(create.headers.get('location')!, ctx.server.url).href

    for (const [offset, part] of [
      [0, content.subarray(0, half)],
      [half, content.subarray(half)],
    ] as const) {
      const patch = await fetch(location, {
        method: 'POST',
        headers: {
          ...TUS,
          'X-HTTP-Method-Override': 'PATCH',
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream',
        },
        body: part,
      })
      expect(patch.status).toBe(204)
      expect(patch.headers.get('upload-offset')).toBe(String(offset + part.length))
    }

    const head = await fetch(location, { method: 'HEAD', headers: TUS })
    expect(head.status).toBe(200)
    expect(head.headers.get('upload-offset')).toBe(String(content.length))
    expect(head.headers.get('upload-length')).toBe(String(content.length))

    const download = await fetch(location)
    const got = Buffer.from(await download.arrayBuffer())
    expect(createHash('md5').update(got).digest('hex')).toBe(
      createHash('md5').update(content).digest('hex'),
    )
  })

  it('should resume from the offset the server reports', async () => {
    const create = await fetch(`${ctx.server.url}/tus/`, {
      method: 'POST',
      headers: { ...TUS, 'Upload-Length': '10' },
    })
    const location = new URL(create.headers.get('location')!, ctx.server.url).href
    await fetch(location, {
      method: 'PATCH',
      headers: { ...TUS, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
      body: Buffer.from('01234'),
    })
    const wrong = await fetch(location, {
      method: 'PATCH',
      headers: { ...TUS, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
      body: Buffer.from('01234'),
    })
    expect(wrong.status).toBe(409)
    const head = await fetch(location, { method: 'HEAD', headers: TUS })
    expect(head.headers.get('upload-offset')).toBe('5')
  })

  it('should count tus requests under their effective method in the log', async () => {
    const patched = ctx.server.requestLog.filter(
      (e) => e.path.startsWith('/tus/') && e.originalMethod === 'POST' && e.method === 'PATCH',
    )
    expect(patched).toHaveLength(2)
    expect(patched.every((e) => e.status === 204)).toBe(true)
    expect(ctx.server.counters.requestsByRoute['PATCH /tus/:id']).toBe(4)
  })

  it('should refuse an expired token before tus sees the request', async () => {
    const { accessToken } = ctx.server.issueTokens({ accessTtlMs: -1 })
    const res = await fetch(`${ctx.server.url}/tus/`, {
      method: 'POST',
      headers: { ...TUS, 'Upload-Length': '1', authorization: `Bearer ${accessToken}` },
    })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { code: number }).code).toBe(40101)
  })
})
