/**
 * download() and downloadMany() through wx-node's real downloadFile against the demo server's
 * /files (Content-Length, Accept-Ranges, single ranges).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { isAbortError, isHttpError } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { download, downloadMany, FileTooLargeError, type TransferProgress } from '../src'
import { fetchBack, md5 } from './helpers'

const env = useIntegration()
const MB = 1024 * 1024

const read = (wxPath: string) => readFileSync(env.wx.$control.resolvePath(wxPath))

describe('download()', () => {
  it('should download to a temp file with progress', async () => {
    const seen: TransferProgress[] = []
    const result = await download('/files/big.bin', {
      client: env.client(),
      onProgress: (p) => seen.push(p),
    })
    expect(result.status).toBe(200)
    expect(result.size).toBe(3 * MB)
    expect(md5(read(result.filePath))).toBe((await fetchBack(env.server, '/files/big.bin')).md5)
    expect(seen.at(-1)).toMatchObject({ percent: 100, bytes: 3 * MB, total: 3 * MB })
  })

  it('should accept a 206 Partial Content as success (seed defect 8)', async () => {
    const result = await download('/files/big.bin', {
      client: env.client(),
      header: { Range: 'bytes=0-99' },
      checkSize: false,
    })
    expect(result.status).toBe(206)
    expect(read(result.filePath)).toHaveLength(100)
  })

  it('should keep the file under USER_DATA_PATH when given a name', async () => {
    const result = await download('/files/hello.txt', {
      client: env.client(),
      fileName: 'hello.txt',
    })
    expect(result.filePath).toBe(`${env.wx.env.USER_DATA_PATH}/hello.txt`)
    expect(read(result.filePath).toString()).toContain('Hello from the miniwire demo server')
  })

  it('should throw HttpError for a 404 and leave no file behind', async () => {
    const client = env.client()
    const error = await download('/files/nope.bin', {
      client,
      fileName: 'nope.bin',
      checkSize: false,
    }).catch((e) => e)
    expect(isHttpError(error)).toBe(true)
    expect(error.status).toBe(404)
    expect(() => env.wx.$control.resolvePath(`${env.wx.env.USER_DATA_PATH}/nope.bin`)).not.toThrow()
    const usr = env.wx.$control.resolvePath(env.wx.env.USER_DATA_PATH)
    expect(readdirSync(usr)).toEqual([])
    const temp = await download('/files/nope.bin', { client, checkSize: false }).catch((e) => e)
    expect(temp.status).toBe(404)
    const tmp = env.wx.$control.resolvePath('wxfile://tmp_x').replace(/tmp_x$/, '')
    expect(readdirSync(tmp).filter((name) => !name.endsWith('.part'))).toEqual([])
  })

  it('should refuse a file over the limit from its Content-Length before downloading it', async () => {
    const error = await download('/files/big.bin', { client: env.client(), maxBytes: MB }).catch(
      (e) => e,
    )
    expect(FileTooLargeError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'ERR_FILE_TOO_LARGE', size: 3 * MB, limit: MB })
    expect(env.server.requestLog.map((e) => e.method)).toEqual(['HEAD'])
  })

  it('should resume an interrupted download with Range where the server allows it', async () => {
    const client = env.client()
    const controller = new AbortController()
    const first = download('/files/big.bin', {
      client,
      fileName: 'big.bin',
      resume: true,
      chunkSize: MB / 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytes >= MB) controller.abort()
      },
    })
    expect(isAbortError(await first.catch((e) => e))).toBe(true)
    const ranges = () =>
      env.server.requestLog.filter((e) => e.method === 'GET').map((e) => e.headers.range)
    const before = ranges().length
    const result = await download('/files/big.bin', {
      client,
      fileName: 'big.bin',
      resume: true,
      chunkSize: MB / 2,
    })
    expect(result.status).toBe(206)
    expect(md5(read(result.filePath))).toBe((await fetchBack(env.server, '/files/big.bin')).md5)
    // The second call began where the first stopped, not at byte 0.
    const start = Number(/^bytes=(\d+)-/.exec(String(ranges()[before]))![1])
    expect(start).toBeGreaterThanOrEqual(MB / 2)
    expect(ranges().filter((range) => range === `bytes=0-${MB / 2 - 1}`)).toHaveLength(1)
  })
})

describe('downloadMany()', () => {
  it('should download with real concurrency and give a result or an error per URL', async () => {
    env.server.control.injectFault({ method: 'GET', path: '/files/', times: 2, stallMs: 300 })
    const results = await downloadMany(
      ['/files/hello.txt', '/files/sample.json', '/files/missing'],
      {
        client: env.client(),
        concurrency: 2,
        checkSize: false,
      },
    )
    expect(results.map((r) => r.ok)).toEqual([true, true, false])
    expect(env.server.counters.maxConcurrent).toBe(2)
  })
})
