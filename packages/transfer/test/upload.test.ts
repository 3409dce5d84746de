/**
 * upload(), uploadMany() and chooseAndUpload() against the demo server's multipart endpoint
 * through wx-node's real uploadFile.
 */
import { getScheduler, isAbortError, isHttpError, isTimeoutError, provide } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { chooseAndUpload, type TransferProgress, upload, uploadMany } from '../src'
import { bytes, demoTokens, md5 } from './helpers'

const env = useIntegration()
const KB = 1024

interface Uploaded {
  code: number
  data: { md5: string; size: number; fields: Record<string, string>; fieldName: string }
}

describe('upload()', () => {
  it('should upload a file, parse the JSON answer and report percent, bytes, speed and ETA', async () => {
    const content = bytes(700 * KB, 1)
    const path = env.wx.$control.writeTempFile('photo.jpg', content)
    const seen: TransferProgress[] = []
    const result = await upload<Uploaded>(path, {
      client: env.client(),
      url: '/upload',
      name: 'photo',
      formData: { album: 'trip', n: 3 },
      onProgress: (p) => seen.push(p),
    })
    expect(result.status).toBe(200)
    expect(result.data.data).toMatchObject({
      md5: md5(content),
      size: content.length,
      fieldName: 'photo',
    })
    expect(result.data.data.fields).toEqual({ album: 'trip', n: '3' })
    const last = seen.at(-1)!
    expect(last).toMatchObject({ percent: 100, bytes: last.total })
    expect(last.total).toBeGreaterThanOrEqual(content.length)
    expect(seen.every((p) => p.speed >= 0 && p.eta >= 0)).toBe(true)
  })

  it('should reject a non-2xx answer with HttpError carrying the parsed body', async () => {
    const path = env.wx.$control.writeTempFile('a.txt', 'hello')
    const error = await upload(path, { client: env.client(), url: '/fault/status/503' }).catch(
      (e) => e,
    )
    expect(isHttpError(error)).toBe(true)
    expect(error.status).toBe(503)
    expect(error.data).toMatchObject({ code: 50300 })
    expect(error.message).toContain('/fault/status/503')
  })

  it('should abort an upload in flight with an AbortError', async () => {
    env.server.control.injectFault({ path: '/upload', times: 1, stallMs: 60_000 })
    const path = env.wx.$control.writeTempFile('a.txt', 'hello')
    const controller = new AbortController()
    const run = upload(path, {
      wx: env.wx,
      url: `${env.server.url}/upload`,
      signal: controller.signal,
    })
    await expect.poll(() => env.server.counters.concurrent).toBe(1)
    controller.abort()
    const error = await run.catch((e) => e)
    expect(isAbortError(error)).toBe(true)
  })

  it('should time out with a TimeoutError naming the timeout', async () => {
    env.server.control.injectFault({ path: '/upload', times: 1, stallMs: 60_000 })
    const path = env.wx.$control.writeTempFile('a.txt', 'hello')
    const error = await upload(path, { client: env.client(), url: '/upload', timeout: 300 }).catch(
      (e) => e,
    )
    expect(isTimeoutError(error)).toBe(true)
    expect(error.timeout).toBe(300)
  })

  it('should take its token fresh from the token source at send time, not at module load (seed defect 2)', async () => {
    const client = env.client()
    const tokens = demoTokens(env.server, 0)
    provide(client, 'tokens', tokens)
    const path = env.wx.$control.writeTempFile('a.txt', 'hello')
    const result = await upload<Uploaded>(path, { client, url: '/upload' })
    expect(result.status).toBe(200)
    expect(tokens.refreshes).toBe(1)
  })

  it('should wait for a slot in core scheduler like every request (the 10-task limit)', async () => {
    getScheduler(env.wx).limit = 1
    env.server.control.injectFault({ path: '/upload', times: 1, stallMs: 300 })
    const a = env.wx.$control.writeTempFile('a.txt', 'a')
    const b = env.wx.$control.writeTempFile('b.txt', 'b')
    const client = env.client()
    const first = upload(a, { client, url: '/upload' })
    const second = upload(b, { client, url: '/upload' })
    await expect.poll(() => getScheduler(env.wx).pending).toBe(1)
    await Promise.all([first, second])
    expect(env.server.counters.maxConcurrent).toBe(1)
  })

  it('should refuse a missing url or a bad option with ERR_INVALID_OPTION naming it', async () => {
    const client = env.client()
    await expect(upload('', { client, url: '/upload' })).rejects.toThrow(
      /filePath must be a non-empty string, got ""/,
    )
    await expect(upload('wxfile://x', { client } as never)).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
    })
    await expect(upload('wxfile://x', { client, url: '/u', timeout: -1 })).rejects.toThrow(
      'upload(): upload.timeout must be a finite number > 0, got -1',
    )
    await expect(upload('wxfile://x', { client, url: '/u', nme: 'x' } as never)).rejects.toThrow(
      /unknown option upload.nme/,
    )
  })
})

describe('uploadMany()', () => {
  it('should really run `concurrency` uploads at once (seed defect 7: maxConcurrent declared and unused)', async () => {
    const paths = Array.from({ length: 6 }, (_, i) =>
      env.wx.$control.writeTempFile(`f${i}.bin`, bytes(10 * KB, i)),
    )
    env.server.control.injectFault({ path: '/upload', times: 3, stallMs: 300 })
    const { results, errors } = await uploadMany(paths, {
      client: env.client(),
      url: '/upload',
      concurrency: 3,
    })
    expect(errors).toEqual([])
    expect(results.every((r) => r.ok)).toBe(true)
    expect(env.server.counters.maxConcurrent).toBe(3)
  })

  it('should weight the batch progress by bytes and give a result or an error per file', async () => {
    const big = env.wx.$control.writeTempFile('big.bin', bytes(900 * KB, 7))
    const small = env.wx.$control.writeTempFile('small.bin', bytes(100 * KB, 8))
    const missing = 'wxfile://tmp_missing.bin'
    const seen: TransferProgress[] = []
    const client = env.client()
    await expect(uploadMany([big, missing], { client, url: '/upload' })).rejects.toMatchObject({
      code: 'ERR_FILE',
    })
    const done = await uploadMany<Uploaded>([big, small], {
      client,
      url: '/upload',
      concurrency: 1,
      onProgress: (p) => seen.push(p),
    })
    expect(seen[0]!.total).toBe(1000 * KB)
    // After the big file alone, the batch is at 90 %, not 50 %.
    expect(seen.some((p) => p.bytes === 900 * KB && p.percent === 90)).toBe(true)
    expect(seen.at(-1)).toMatchObject({ bytes: 1000 * KB, percent: 100 })
    expect(done.results.map((r) => r.ok && r.value.data.data.size)).toEqual([900 * KB, 100 * KB])
  })

  it('should keep going after a failure, or stop everything with failFast', async () => {
    const paths = [0, 1, 2].map((i) =>
      env.wx.$control.writeTempFile(`g${i}.bin`, bytes(KB, 20 + i)),
    )
    const client = env.client()
    env.server.control.injectFault({ path: '/upload', times: 1, status: 500 })
    const settled = await uploadMany(paths, { client, url: '/upload', concurrency: 1 })
    expect(settled.results.map((r) => r.ok)).toEqual([false, true, true])
    expect(settled.errors).toHaveLength(1)
    expect(isHttpError(settled.errors[0]!.error)).toBe(true)

    env.server.control.injectFault({ path: '/upload', times: 1, status: 500 })
    await expect(
      uploadMany(paths, { client, url: '/upload', concurrency: 1, failFast: true }),
    ).rejects.toMatchObject({
      status: 500,
    })
    expect(env.server.requestLog.filter((e) => e.path === '/upload')).toHaveLength(4)
  })
})

describe('chooseAndUpload()', () => {
  it('should pick files with chooseMedia (not the deprecated chooseImage) and upload them', async () => {
    const a = env.wx.$control.resolvePath(
      env.wx.$control.writeTempFile('p1.jpg', bytes(2 * KB, 30)),
    )
    const b = env.wx.$control.resolvePath(
      env.wx.$control.writeTempFile('p2.jpg', bytes(3 * KB, 31)),
    )
    env.wx.$control.setChooseMediaFiles([a, b])
    const { chosen, results } = await chooseAndUpload<Uploaded>({
      client: env.client(),
      url: '/upload',
      count: 2,
    })
    expect(chosen).toHaveLength(2)
    expect(results.map((r) => r.ok && r.value.data.data.md5)).toEqual([
      md5(bytes(2 * KB, 30)),
      md5(bytes(3 * KB, 31)),
    ])
    expect(env.wx.$log.some((e) => e.name === 'chooseMedia')).toBe(true)
  })
})
