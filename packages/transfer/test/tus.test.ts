/**
 * uploadChunked() with tus 1.0 against the demo server's real @tus/server: creation, PATCH sent
 * as POST with X-HTTP-Method-Override (wx has no PATCH), HEAD for the offset on resume.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createClient } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { createWx } from '@miniwire/wx-node'
import { describe, expect, it } from 'vitest'
import { tus, uploadChunked } from '../src'
import { base64Utf8 } from '../src/protocols/tus'
import { bytes, md5, tempDir } from './helpers'

const env = useIntegration()
const KB = 1024

/** The bytes @tus/server's file store holds for an upload URL (its GET trips undici here). */
const stored = (url: string) =>
  md5(readFileSync(join(env.server.uploadDir, 'tus', url.slice(url.lastIndexOf('/') + 1))))

const patches = () =>
  env.server.requestLog.filter((e) => e.path.startsWith('/tus/') && e.method === 'PATCH')

describe('uploadChunked() with tus()', () => {
  it('should create an upload and send every part as POST with X-HTTP-Method-Override: PATCH', async () => {
    const content = bytes(700 * KB, 41)
    const path = env.wx.$control.writeTempFile('tus.bin', content)
    const result = await uploadChunked<{ url: string; size: number }>(path, {
      client: env.client(),
      url: '/tus/',
      protocol: tus({ metadata: { kind: '视频' } }),
      chunkSize: 256 * KB,
    })
    expect(result.partsSent).toBe(3)
    expect(patches()).toHaveLength(3)
    expect(patches().every((e) => e.originalMethod === 'POST' && e.status === 204)).toBe(true)
    const creation = env.server.requestLog.find((e) => e.path === '/tus/' && e.method === 'POST')!
    expect(creation.headers['upload-metadata']).toBe(
      `filename ${Buffer.from(path.slice(path.lastIndexOf('/') + 1)).toString('base64')},kind ${Buffer.from('视频').toString('base64')}`,
    )
    expect(stored(result.data.url)).toBe(md5(content))
  })

  it('should resume from the offset HEAD reports after the app was killed', async () => {
    const dir = tempDir()
    const options = { sandboxDir: join(dir, 'sandbox'), storageFile: join(dir, 'storage.json') }
    const content = bytes(1000 * KB, 42)
    const first = createWx(options)
    const path = first.$control.writeTempFile('tus-resume.bin', content)
    let stalled: { readonly hits: number } | undefined
    const run = uploadChunked(path, {
      client: createClient({ wx: first, baseURL: env.server.url }),
      url: '/tus/',
      protocol: tus(),
      chunkSize: 200 * KB,
      onProgress: (p) => {
        // Past 400 KB the next PATCH hangs, and the app is killed while it is in flight.
        if (!stalled && p.bytes >= 400 * KB) {
          stalled = env.server.control.injectFault({
            method: 'PATCH',
            path: '/tus/',
            times: 1,
            stallMs: 60_000,
          })
        }
      },
    })
    await expect.poll(() => stalled && stalled.hits).toBe(1)
    await first.$dispose()
    await expect(run).rejects.toMatchObject({ code: 'ERR_ABORTED' })
    const before = patches().filter((e) => e.status === 204).length
    expect(before).toBeGreaterThanOrEqual(2)

    const second = createWx(options)
    try {
      const result = await uploadChunked<{ url: string }>(path, {
        client: createClient({ wx: second, baseURL: env.server.url }),
        url: '/tus/',
        protocol: tus(),
        chunkSize: 200 * KB,
      })
      expect(
        env.server.requestLog.filter((e) => e.path === '/tus/' && e.method === 'POST'),
      ).toHaveLength(1)
      expect(
        env.server.requestLog.some((e) => e.method === 'HEAD' && e.path.startsWith('/tus/')),
      ).toBe(true)
      expect(result.partsSent).toBeLessThan(5)
      expect(stored(result.data.url)).toBe(md5(content))
    } finally {
      await second.$dispose()
    }
  })

  it('should ask the offset before retrying a failed PATCH, and finish the file', async () => {
    const content = bytes(300 * KB, 43)
    const path = env.wx.$control.writeTempFile('tus-retry.bin', content)
    const fault = env.server.control.injectFault({
      method: 'PATCH',
      path: '/tus/',
      times: 2,
      status: 503,
    })
    const result = await uploadChunked<{ url: string }>(path, {
      client: env.client(),
      url: '/tus/',
      protocol: tus(),
      chunkSize: 100 * KB,
      retry: { delay: () => 5 },
    })
    expect(fault.hits).toBe(2)
    expect(env.server.requestLog.filter((e) => e.method === 'HEAD')).toHaveLength(2)
    expect(stored(result.data.url)).toBe(md5(content))
  })

  it('should encode metadata as base64 of UTF-8 without btoa', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'photo.jpg', '照片 2026.jpg', '😀']) {
      expect(base64Utf8(text)).toBe(Buffer.from(text).toString('base64'))
    }
  })
})
