/**
 * uploadChunked() over the demo server's chunk-and-merge protocol: real slices sent with
 * wx.request, parallel parts, retries, instant upload, token expiry, and a restart that resumes.
 */
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { createClient, provide } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { createWx } from '@miniwire/wx-node'
import { describe, expect, it } from 'vitest'
import { ProtocolError, uploadChunked } from '../src'
import { bytes, demoTokens, fetchBack, md5, tempDir } from './helpers'

const env = useIntegration()
const KB = 1024

const chunkPuts = () =>
  env.server.requestLog.filter((e) => e.method === 'PUT' && e.path.startsWith('/upload/chunked/'))

describe('uploadChunked() with the chunk-and-merge protocol', () => {
  it('should send real slices with wx.request, never the whole file per chunk (seed defect 7)', async () => {
    const content = bytes(1300 * KB, 11)
    const path = env.wx.$control.writeTempFile('big.bin', content)
    const seen: number[] = []
    const result = await uploadChunked<{ url: string; md5: string; size: number }>(path, {
      client: env.client(),
      url: '/upload/chunked',
      chunkSize: 256 * KB,
      onProgress: (p) => seen.push(p.percent),
    })
    expect(result.instant).toBe(false)
    expect(result.partsSent).toBe(6)
    expect(result.data.md5).toBe(md5(content))
    const back = await fetchBack(env.server, result.data.url)
    expect(back.md5).toBe(md5(content))
    const puts = chunkPuts()
    expect(puts).toHaveLength(6)
    // Each chunk carries its own bytes only: the body length is the slice, not the file.
    const lengths = puts.map((e) => Number(e.headers['content-length'])).sort((a, b) => a - b)
    expect(lengths).toEqual([20 * KB, 256 * KB, 256 * KB, 256 * KB, 256 * KB, 256 * KB])
    expect(env.server.requestLog.some((e) => e.path === '/upload')).toBe(false)
    expect(seen.at(-1)).toBe(100)
  })

  it('should check each part by the CRC-32 of the bytes it read (no scratch copy) and hash the whole file only when the server may hold it', async () => {
    const content = bytes(300 * KB, 20)
    const path = env.wx.$control.writeTempFile('digest.bin', content)
    // The runtime as it is, with its getFileInfo and writeFile calls counted.
    const manager = env.wx.getFileSystemManager()
    const digested: string[] = []
    const written: string[] = []
    const counted = Object.create(manager)
    counted.getFileInfo = (o: { filePath: string }) => {
      digested.push(o.filePath)
      return manager.getFileInfo(o as never)
    }
    counted.writeFile = (o: { filePath: string }) => {
      written.push(o.filePath)
      return manager.writeFile(o as never)
    }
    const wx = Object.create(env.wx)
    wx.getFileSystemManager = () => counted
    const options = {
      client: createClient({ wx, baseURL: env.server.url }),
      url: '/upload/chunked',
      chunkSize: 100 * KB,
    }
    const result = await uploadChunked<{ md5: string }>(path, options)
    // The server held no file of this size: no pass over the file for its md5, nothing written;
    // the server took the md5 of what it received.
    expect(result.data.md5).toBe(md5(content))
    expect(digested).toEqual([])
    expect(written).toEqual([])
    // Each part carries zlib's CRC-32 of its own bytes, which the server checked (a 400 otherwise).
    const puts = chunkPuts().sort((a, b) => a.path.localeCompare(b.path))
    expect(puts.map((e) => e.headers['x-chunk-crc32'])).toEqual(
      [0, 1, 2].map((i) =>
        crc32(content.subarray(i * 100 * KB, (i + 1) * 100 * KB))
          .toString(16)
          .padStart(8, '0'),
      ),
    )
    expect(puts.map((e) => e.status)).toEqual([200, 200, 200])
    // Now it holds one of this size: the md5 is taken once, and the upload completes at once.
    const again = await uploadChunked(path, options)
    expect(again.instant).toBe(true)
    expect(digested).toEqual([path])
    // Another file of that size starts otherwise (the CRC-32 of its first 64 KB): no md5 pass.
    const other = env.wx.$control.writeTempFile('digest-other.bin', bytes(300 * KB, 21))
    const sent = await uploadChunked(other, options)
    expect(sent.instant).toBe(false)
    expect(digested).toEqual([path])
  })

  it('should run up to three parts at once by default', async () => {
    const content = bytes(600 * KB, 12)
    const path = env.wx.$control.writeTempFile('par.bin', content)
    // The first three chunks stall a while, so all three are in flight together.
    env.server.control.injectFault({
      method: 'PUT',
      path: '/upload/chunked/',
      times: 3,
      stallMs: 300,
    })
    await uploadChunked(path, { client: env.client(), url: '/upload/chunked', chunkSize: 100 * KB })
    expect(env.server.counters.maxConcurrent).toBe(3)
  })

  it('should complete at once when the server already holds the file', async () => {
    const content = bytes(300 * KB, 13)
    const path = env.wx.$control.writeTempFile('same.bin', content)
    const options = { client: env.client(), url: '/upload/chunked', chunkSize: 100 * KB }
    await uploadChunked(path, options)
    const before = chunkPuts().length
    const again = await uploadChunked<{ instant: boolean; md5: string }>(path, options)
    expect(again.instant).toBe(true)
    expect(again.data.md5).toBe(md5(content))
    expect(chunkPuts().length).toBe(before)
  })

  it('should retry a chunk that fails twice, then passes', async () => {
    const content = bytes(500 * KB, 14)
    const path = env.wx.$control.writeTempFile('flaky.bin', content)
    const fault = env.server.control.injectFault({
      method: 'PUT',
      path: /^\/upload\/chunked\/[^/]+\/2$/,
      times: 2,
      status: 503,
    })
    const result = await uploadChunked<{ md5: string }>(path, {
      client: env.client(),
      url: '/upload/chunked',
      chunkSize: 100 * KB,
      retry: { delay: () => 10 },
    })
    expect(fault.hits).toBe(2)
    expect(result.data.md5).toBe(md5(content))
    const third = chunkPuts().filter((e) => e.path.endsWith('/2'))
    expect(third.map((e) => e.status)).toEqual([503, 503, 200])
  })

  it('should fail with the last HttpError when a chunk keeps failing past the retry limit', async () => {
    const content = bytes(200 * KB, 15)
    const path = env.wx.$control.writeTempFile('broken.bin', content)
    env.server.control.injectFault({ method: 'PUT', path: /\/0$/, times: 10, status: 502 })
    await expect(
      uploadChunked(path, {
        client: env.client(),
        url: '/upload/chunked',
        chunkSize: 100 * KB,
        retry: { limit: 2, delay: () => 1 },
      }),
    ).rejects.toMatchObject({ code: 'ERR_HTTP', status: 502 })
    env.server.control.clearFaults()
  })

  it('should fail with a ProtocolError naming the request when init answers no uploadId', async () => {
    const path = env.wx.$control.writeTempFile('no-id.bin', bytes(10 * KB, 40))
    // A 200 whose envelope holds no uploadId: the server broke the protocol.
    env.server.control.injectFault({ path: '/upload/chunked/init', times: 1, status: 200 })
    const error = await uploadChunked(path, { client: env.client(), url: '/upload/chunked' }).catch(
      (e) => e,
    )
    expect(ProtocolError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'ERR_UPLOAD_PROTOCOL', protocol: 'chunk-merge' })
    expect(error.message).toBe(
      `POST ${env.server.url}/upload/chunked/init answered no uploadId (chunk-merge)`,
    )
    // One init, not retried as if the network had failed.
    expect(env.server.requestLog.filter((e) => e.path === '/upload/chunked/init')).toHaveLength(1)
  })

  it('should cut off a stalled chunk with its timeout and retry it (tus-js-client#773)', async () => {
    const content = bytes(200 * KB, 16)
    const path = env.wx.$control.writeTempFile('stall.bin', content)
    const fault = env.server.control.injectFault({
      method: 'PUT',
      path: /\/1$/,
      times: 1,
      stallMs: 60_000,
    })
    const result = await uploadChunked<{ md5: string }>(path, {
      client: env.client(),
      url: '/upload/chunked',
      chunkSize: 100 * KB,
      timeout: 500,
      retry: { delay: () => 1 },
    })
    expect(fault.hits).toBe(1)
    expect(result.data.md5).toBe(md5(content))
  })

  it('should refresh a token that expires mid-upload instead of failing (uppy#2675, tus-js-client#236)', async () => {
    const content = bytes(400 * KB, 17)
    const path = env.wx.$control.writeTempFile('token.bin', content)
    const client = env.client()
    // Valid for the init call and the first chunks, expired from the fourth call on.
    const tokens = demoTokens(env.server, 3)
    provide(client, 'tokens', tokens)
    const result = await uploadChunked<{ md5: string }>(path, {
      client,
      url: '/upload/chunked',
      chunkSize: 100 * KB,
      concurrency: 1,
    })
    expect(result.data.md5).toBe(md5(content))
    expect(tokens.refreshes).toBe(1)
    expect(chunkPuts().filter((e) => e.status === 401)).toHaveLength(1)
    expect(chunkPuts().every((e) => String(e.headers.authorization).startsWith('Bearer '))).toBe(
      true,
    )
  })

  it('should resume after the app is killed half-way: a new runtime over the same storage sends only the rest', async () => {
    const dir = tempDir()
    const options = { sandboxDir: join(dir, 'sandbox'), storageFile: join(dir, 'storage.json') }
    const content = bytes(1000 * KB, 18)
    const first = createWx(options)
    const path = first.$control.writeTempFile('resume.bin', content)
    const client1 = createClient({ wx: first, baseURL: env.server.url })
    let killed = false
    const run1 = uploadChunked(path, {
      client: client1,
      url: '/upload/chunked',
      chunkSize: 100 * KB,
      concurrency: 2,
      onProgress: (p) => {
        if (!killed && p.bytes >= 400 * KB) {
          killed = true
          void first.$dispose()
        }
      },
    })
    await expect(run1).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    const sentBefore = chunkPuts().filter((e) => e.status === 200).length
    expect(sentBefore).toBeGreaterThanOrEqual(4)
    expect(sentBefore).toBeLessThan(10)
    const inits = () =>
      env.server.requestLog.filter((e) => e.path === '/upload/chunked/init').length
    expect(inits()).toBe(1)

    const second = createWx(options)
    try {
      const client2 = createClient({ wx: second, baseURL: env.server.url })
      const result = await uploadChunked<{ url: string; md5: string }>(path, {
        client: client2,
        url: '/upload/chunked',
        chunkSize: 100 * KB,
      })
      expect(result.instant).toBe(false)
      // Only what the server lacked was sent: at most the two chunks in flight at the kill
      // may have landed after it, and are then not sent again.
      expect(result.partsSent).toBeLessThanOrEqual(10 - sentBefore)
      expect(result.partsSent).toBeGreaterThanOrEqual(10 - sentBefore - 2)
      // The restarted app asked the server what it holds; it did not start a new upload.
      expect(inits()).toBe(1)
      expect(
        env.server.requestLog.some(
          (e) => e.method === 'GET' && e.path.startsWith('/upload/chunked/'),
        ),
      ).toBe(true)
      const back = await fetchBack(env.server, result.data.url)
      expect(back.md5).toBe(md5(content))
      expect(
        second.getStorageInfoSync().keys.filter((k) => k.startsWith('miniwire:upload:')),
      ).toEqual([])
    } finally {
      await second.$dispose()
    }
  })

  it('should abort on the caller signal with an AbortError and stop sending', async () => {
    const content = bytes(500 * KB, 19)
    const path = env.wx.$control.writeTempFile('abort.bin', content)
    const controller = new AbortController()
    const run = uploadChunked(path, {
      client: env.client(),
      url: '/upload/chunked',
      chunkSize: 100 * KB,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytes >= 100 * KB) controller.abort()
      },
    })
    await expect(run).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    expect(chunkPuts().length).toBeLessThan(5)
  })
})
