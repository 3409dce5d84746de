import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { crc32 } from 'node:zlib'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { call, useServer } from './helpers'

// A folder of our own, so the test can look inside; the server leaves a given folder alone.
const uploadDir = mkdtempSync(join(tmpdir(), 'demo-transfer-test-'))
const ctx = useServer({ uploadDir })
afterAll(() => rm(uploadDir, { recursive: true, force: true }))
const md5 = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex')

function bytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n)
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) % 251
  return out
}

describe('multipart /upload', () => {
  it('should store the file and answer its name, size, md5 and the fields', async () => {
    const content = bytes(70_000, 1)
    const form = new FormData()
    form.append('purpose', 'avatar')
    form.append('file', new Blob([content]), 'photo.jpg')
    const res = await fetch(`${ctx.server.url}/upload`, { method: 'POST', body: form })
    const { data } = (await res.json()) as { data: Record<string, any> }
    expect(res.status).toBe(200)
    expect(data).toMatchObject({
      name: 'photo.jpg',
      size: 70_000,
      md5: md5(content),
      fields: { purpose: 'avatar' },
    })
    const download = await fetch(ctx.server.url + data.url)
    expect(md5(new Uint8Array(await download.arrayBuffer()))).toBe(md5(content))
  })

  it('should require a file part and a multipart body', async () => {
    const form = new FormData()
    form.append('only', 'fields')
    const res = await fetch(`${ctx.server.url}/upload`, { method: 'POST', body: form })
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).data.fields.file).toBe('a file part is required')
    expect((await call(ctx.server, 'POST', '/upload', { body: { a: 1 } })).status).toBe(400)
  })

  it('should refuse an expired token sent with an upload', async () => {
    const { accessToken } = ctx.server.issueTokens({ accessTtlMs: 0 })
    const form = new FormData()
    form.append('file', new Blob(['x']), 'x.txt')
    const res = await fetch(`${ctx.server.url}/upload`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${accessToken}` },
    })
    expect(res.status).toBe(401)
  })
})

describe('chunk-and-merge upload', () => {
  const file = bytes(250_000, 7)
  const chunkSize = 100_000
  const chunk = (i: number) => file.subarray(i * chunkSize, (i + 1) * chunkSize)
  const put = (id: string, i: number, data: Uint8Array, hash = md5(data), method = 'PUT') =>
    fetch(`${ctx.server.url}/upload/chunked/${id}/${i}`, {
      method,
      headers: { 'content-type': 'application/octet-stream', 'x-chunk-md5': hash },
      body: data,
    })

  it('should init, take chunks in any order, list them, resume, and merge to the same md5', async () => {
    const init = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'video.mp4', size: file.length, chunkSize, md5: md5(file) },
    })
    expect(init.body.data).toMatchObject({ instant: false, chunkCount: 3, uploaded: [] })
    const id = init.body.data.uploadId as string
    expect((await put(id, 2, chunk(2))).status).toBe(200)
    expect((await put(id, 0, chunk(0), undefined, 'POST')).status).toBe(200)
    expect((await call(ctx.server, 'GET', `/upload/chunked/${id}`)).body.data.uploaded).toEqual([
      0, 2,
    ])

    const resumed = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'video.mp4', size: file.length, chunkSize, md5: md5(file) },
    })
    expect(resumed.body.data).toMatchObject({ uploadId: id, uploaded: [0, 2] })

    const early = await call(ctx.server, 'POST', `/upload/chunked/${id}/merge`)
    expect(early.status).toBe(400)
    expect(early.body.data.missing).toEqual([1])

    await put(id, 1, chunk(1))
    const merged = await call(ctx.server, 'POST', `/upload/chunked/${id}/merge`)
    expect(merged.body.data).toMatchObject({ size: file.length, md5: md5(file) })
    const download = await fetch(ctx.server.url + merged.body.data.url)
    expect(md5(new Uint8Array(await download.arrayBuffer()))).toBe(md5(file))
    expect(await readdir(join(uploadDir, 'chunks'))).toEqual([])
    expect(await readdir(join(uploadDir, 'tmp'))).toEqual([])
  })

  it('should merge chunks sent in reverse order, and a chunk sent twice, to the same md5', async () => {
    const data = bytes(350_000, 11)
    const part = (i: number) => data.subarray(i * chunkSize, (i + 1) * chunkSize)
    const init = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'reverse.bin', size: data.length, chunkSize, md5: md5(data) },
    })
    const id = init.body.data.uploadId as string
    for (const i of [3, 2, 1, 2, 0]) expect((await put(id, i, part(i))).status).toBe(200)
    const merged = await call(ctx.server, 'POST', `/upload/chunked/${id}/merge`)
    expect(merged.body.data).toMatchObject({ size: data.length, md5: md5(data) })
    const download = await fetch(ctx.server.url + merged.body.data.url)
    expect(md5(new Uint8Array(await download.arrayBuffer()))).toBe(md5(data))
  })

  it('should merge the bytes of a chunk sent again with other bytes, not the first ones', async () => {
    const data = bytes(250_000, 13)
    const init = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'again.bin', size: data.length, chunkSize, md5: md5(data) },
    })
    const id = init.body.data.uploadId as string
    const wrong = bytes(chunkSize, 99)
    expect((await put(id, 0, wrong)).status).toBe(200)
    for (const i of [1, 2, 0]) {
      expect((await put(id, i, data.subarray(i * chunkSize, (i + 1) * chunkSize))).status).toBe(200)
    }
    const merged = await call(ctx.server, 'POST', `/upload/chunked/${id}/merge`)
    expect(merged.body.data).toMatchObject({ size: data.length, md5: md5(data) })
  })

  it('should answer an instant upload when a file with that md5 already exists', async () => {
    const res = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'again.mp4', size: file.length, chunkSize, md5: md5(file) },
    })
    expect(res.body.data).toMatchObject({ instant: true, md5: md5(file) })
    expect(res.body.data.url).toMatch(/^\/files\//)
  })

  it('should refuse a chunk whose X-Chunk-Md5 does not match, and a chunk of the wrong size', async () => {
    const other = bytes(1000, 3)
    const init = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'o.bin', size: 1000, chunkSize: 600, md5: md5(other) },
    })
    const id = init.body.data.uploadId
    const bad = await put(id, 0, other.subarray(0, 600), md5('nope'))
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as any).code).toBe(40005)
    expect((await put(id, 1, other.subarray(0, 300))).status).toBe(400)
    expect((await call(ctx.server, 'GET', `/upload/chunked/${id}`)).body.data.uploaded).toEqual([])
  })

  it('should check a chunk by its X-Chunk-Crc32 (zlib CRC-32, 8 hex digits) instead of an md5', async () => {
    const data = bytes(150_000, 21)
    const part = (i: number) => data.subarray(i * chunkSize, (i + 1) * chunkSize)
    const crc = (bytes: Uint8Array) => crc32(bytes).toString(16).padStart(8, '0')
    const putCrc = (id: string, i: number, body: Uint8Array, sum: string) =>
      fetch(`${ctx.server.url}/upload/chunked/${id}/${i}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', 'x-chunk-crc32': sum },
        body,
      })
    const init = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'crc.bin', size: data.length, chunkSize, md5: md5(data) },
    })
    const id = init.body.data.uploadId as string
    const bad = await putCrc(id, 1, part(1), crc(part(0)))
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({
      code: 40005,
      data: { index: 1, expected: crc(part(0)), actual: crc(part(1)) },
    })
    expect((await putCrc(id, 1, part(1), crc(part(1)).toUpperCase())).status).toBe(200)
    expect((await putCrc(id, 0, part(0), crc(part(0)))).status).toBe(200)
    const merged = await call(ctx.server, 'POST', `/upload/chunked/${id}/merge`)
    expect(merged.body.data).toMatchObject({ size: data.length, md5: md5(data) })
  })

  it('should refuse a chunk with neither checksum header, naming both', async () => {
    const init = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'none.bin', size: 10, chunkSize: 10, md5: md5(bytes(10, 1)) },
    })
    const res = await fetch(`${ctx.server.url}/upload/chunked/${init.body.data.uploadId}/0`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes(10, 1),
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toMatch(/X-Chunk-Md5.*X-Chunk-Crc32/)
  })

  it('should merge many chunks that arrive ahead of their turn, held or read back past the limit', async () => {
    // 40 chunks of 1 MB sent last first: more than the 32 MB the server holds in memory, so
    // the first ones to arrive are read back from the data file when their turn comes.
    const size = 40 * 1024 * 1024
    const big = Buffer.alloc(size)
    for (let i = 0; i < size; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i)
    const mb = 1024 * 1024
    const init = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'ahead.bin', size, chunkSize: mb, md5: md5(big) },
    })
    const id = init.body.data.uploadId as string
    for (let i = 39; i >= 0; i--) {
      expect((await put(id, i, big.subarray(i * mb, (i + 1) * mb))).status).toBe(200)
    }
    const merged = await call(ctx.server, 'POST', `/upload/chunked/${id}/merge`)
    expect(merged.body.data).toMatchObject({ size, md5: md5(big) })
  })

  it('should take an init without md5, ask for it only when a file of that size (and head) is here, and keep the file under the md5 it took', async () => {
    const data = bytes(123_457, 31)
    const fresh = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'fresh.bin', size: data.length, chunkSize: 200_000 },
    })
    expect(fresh.body.data).toMatchObject({ instant: false, chunkCount: 1, uploaded: [] })
    const id = fresh.body.data.uploadId as string
    expect((await put(id, 0, data)).status).toBe(200)
    const merged = await call(ctx.server, 'POST', `/upload/chunked/${id}/merge`)
    expect(merged.body.data).toMatchObject({ size: data.length, md5: md5(data) })

    // Now a file of that size is here: without an md5 the server asks for it; with it, instant.
    const same = { fileName: 'same.bin', size: data.length, chunkSize: 200_000 }
    const asked = await call(ctx.server, 'POST', '/upload/chunked/init', { body: same })
    expect(asked.body.data).toEqual({ instant: false, md5Required: true })
    const instant = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { ...same, md5: md5(data) },
    })
    expect(instant.body.data).toMatchObject({ instant: true, md5: md5(data) })

    // With the CRC-32 of its first 64 KB: asked only when a held file of that size starts alike.
    const crc = (bytes: Uint8Array) => crc32(bytes).toString(16).padStart(8, '0')
    const alike = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { ...same, head: crc(data.subarray(0, 65_536)) },
    })
    expect(alike.body.data).toEqual({ instant: false, md5Required: true })
    const other = bytes(data.length, 32)
    const unlike = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { ...same, head: crc(other.subarray(0, 65_536)) },
    })
    expect(unlike.body.data).toMatchObject({ instant: false, chunkCount: 1, uploaded: [] })
    const bad = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { ...same, head: 'xyz' },
    })
    expect(bad.body.data.fields.head).toMatch(/CRC-32/)
  })

  it('should discard an upload whose merged md5 differs from the declared one', async () => {
    const data = bytes(500, 9)
    const init = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { fileName: 'lie.bin', size: 500, chunkSize: 500, md5: md5('something else') },
    })
    const id = init.body.data.uploadId
    await put(id, 0, data)
    const merged = await call(ctx.server, 'POST', `/upload/chunked/${id}/merge`)
    expect(merged).toMatchObject({
      status: 400,
      body: { code: 40005, data: { actual: md5(data) } },
    })
    expect((await call(ctx.server, 'GET', `/upload/chunked/${id}`)).status).toBe(404)
  })

  it('should name every bad init field', async () => {
    const res = await call(ctx.server, 'POST', '/upload/chunked/init', {
      body: { size: -1, chunkSize: 0, md5: 'x' },
    })
    expect(Object.keys(res.body.data.fields).sort()).toEqual([
      'chunkSize',
      'fileName',
      'md5',
      'size',
    ])
  })
})

describe('/files downloads', () => {
  it('should list seeded files with size and md5, including a 3 MB binary', async () => {
    const res = await call(ctx.server, 'GET', '/files')
    const big = res.body.data.list.find((f: { name: string }) => f.name === 'big.bin')
    expect(big).toMatchObject({ size: 3 * 1024 * 1024, url: '/files/big.bin' })
    const whole = await fetch(`${ctx.server.url}/files/big.bin`)
    expect(whole.headers.get('content-length')).toBe(String(3 * 1024 * 1024))
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    expect(md5(new Uint8Array(await whole.arrayBuffer()))).toBe(big.md5)
  })

  it('should answer a Range with 206 and Content-Range', async () => {
    const res = await fetch(`${ctx.server.url}/files/big.bin`, {
      headers: { range: 'bytes=256-511' },
    })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes 256-511/${3 * 1024 * 1024}`)
    expect(res.headers.get('content-length')).toBe('256')
    const got = new Uint8Array(await res.arrayBuffer())
    expect(got[0]).toBe(0)
    expect(got[255]).toBe(255)
    const tail = await fetch(`${ctx.server.url}/files/hello.txt`, {
      headers: { range: 'bytes=-6' },
    })
    expect(await tail.text()).toBe('rver!\n')
  })

  it('should answer an unsatisfiable Range with 416 and a missing file with 404', async () => {
    const res = await fetch(`${ctx.server.url}/files/hello.txt`, {
      headers: { range: 'bytes=9999-' },
    })
    expect(res.status).toBe(416)
    expect(res.headers.get('content-range')).toMatch(/^bytes \*\/\d+$/)
    expect((await call(ctx.server, 'GET', '/files/nope.txt')).status).toBe(404)
  })

  it('should answer HEAD with the length and no body', async () => {
    const res = await fetch(`${ctx.server.url}/files/hello.txt`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0)
    expect(await res.text()).toBe('')
  })
})
