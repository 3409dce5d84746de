import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWx, type WxNode } from '../src'
import { json, startServer, type TestServer } from './helpers/server'
import { settle } from './helpers/settle'

let server: TestServer
let wx: WxNode
const BIG = Buffer.alloc(3 * 1024 * 1024, 7)

beforeEach(async () => {
  wx = createWx()
  server = await startServer((req, res, body) => {
    if (req.url === '/upload') {
      res.writeHead(201, { 'content-type': 'text/plain', 'x-upload': 'yes' })
      return res.end(JSON.stringify({ length: body.length, type: req.headers['content-type'] }))
    }
    if (req.url === '/file.txt') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 11 })
      return res.end('hello file!')
    }
    if (req.url === '/big.bin') {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': BIG.length,
      })
      return res.end(BIG)
    }
    if (req.url === '/slow.bin') {
      res.writeHead(200, { 'content-length': 1000 })
      res.write(Buffer.alloc(100))
      return // never finishes
    }
    if (req.url === '/missing') return json(res, 404, { error: 'gone' })
    json(res, 404, {})
  })
})

afterEach(async () => {
  await wx.$dispose()
  await server.close()
})

function tmpFiles(): string[] {
  return readdirSync(join(wx.$control.resolvePath(wx.env.USER_DATA_PATH), '..', 'tmp'))
}

describe('wx.uploadFile', () => {
  it('should POST the whole file as multipart/form-data with formData and give data as a string', async () => {
    const filePath = wx.$control.writeTempFile('avatar.png', Buffer.from('PNGDATA'))
    const { done } = settle((cb) =>
      wx.uploadFile({
        url: `${server.url}/upload`,
        filePath,
        name: 'file',
        formData: { user: '42' },
        ...cb,
      }),
    )
    const r = await done
    expect(r.res.statusCode).toBe(201)
    expect(typeof r.res.data).toBe('string')
    expect(r.res.errMsg).toBe('uploadFile:ok')
    const body = server.requests[0]!.body.toString()
    const boundary = /boundary=(.+)$/.exec(String(server.requests[0]!.headers['content-type']))![1]
    expect(body).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="user"\r\n\r\n42\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filePath.slice(9)}"\r\n` +
        `Content-Type: image/png\r\n\r\nPNGDATA\r\n--${boundary}--\r\n`,
    )
  })

  it('should report progress from bytes actually sent, ending at the full body size', async () => {
    const filePath = wx.$control.writeTempFile('big.bin', BIG)
    const events: WechatMiniprogram.UploadTaskOnProgressUpdateListenerResult[] = []
    const { task, done } = settle((cb) =>
      wx.uploadFile({ url: `${server.url}/upload`, filePath, name: 'f', ...cb }),
    )
    task.onProgressUpdate((e) => events.push(e))
    await done
    const total = server.requests[0]!.body.length
    expect(events.length).toBeGreaterThan(2)
    expect(events.at(-1)).toEqual({
      progress: 100,
      totalBytesSent: total,
      totalBytesExpectedToSend: total,
    })
    const sent = events.map((e) => e.totalBytesSent)
    expect([...sent].sort((a, b) => a - b)).toEqual(sent)
  })

  it('should fail "uploadFile:fail abort" after abort()', async () => {
    const filePath = wx.$control.writeTempFile('big.bin', BIG)
    const { task, done } = settle((cb) =>
      wx.uploadFile({ url: `${server.url}/upload`, filePath, name: 'f', ...cb }),
    )
    task.onProgressUpdate(() => task.abort())
    expect((await done).err).toEqual({ errMsg: 'uploadFile:fail abort', errno: 1 })
  })

  it('should fail for a file that does not exist without sending anything', async () => {
    const r = await settle((cb) =>
      wx.uploadFile({
        url: `${server.url}/upload`,
        filePath: 'wxfile://tmp_nothing.png',
        name: 'f',
        ...cb,
      }),
    ).done
    expect(r.err).toEqual({
      errMsg: 'uploadFile:fail file not found wxfile://tmp_nothing.png',
      errno: 1300002,
    })
    expect(server.requests).toHaveLength(0)
  })
})

describe('wx.downloadFile', () => {
  it('should stream to a temp file and give its path and status', async () => {
    const r = await settle((cb) => wx.downloadFile({ url: `${server.url}/file.txt`, ...cb })).done
    expect(r.res.statusCode).toBe(200)
    expect(r.res.tempFilePath).toMatch(/^wxfile:\/\/tmp_[0-9a-f]+\.txt$/)
    expect(readFileSync(wx.$control.resolvePath(r.res.tempFilePath), 'utf8')).toBe('hello file!')
    expect(r.res.profile.receivedBytedCount).toBeGreaterThan(11)
  })

  it('should write to filePath under USER_DATA_PATH when given', async () => {
    const r = await settle((cb) =>
      wx.downloadFile({
        url: `${server.url}/file.txt`,
        filePath: `${wx.env.USER_DATA_PATH}/saved.txt`,
        ...cb,
      }),
    ).done
    expect(r.res.filePath).toBe('wxfile://usr/saved.txt')
    expect(r.res.tempFilePath).toBeUndefined()
    expect(wx.getFileSystemManager().readFileSync('wxfile://usr/saved.txt', 'utf8')).toBe(
      'hello file!',
    )
  })

  it('should write any status to disk and call success', async () => {
    const r = await settle((cb) => wx.downloadFile({ url: `${server.url}/missing`, ...cb })).done
    expect(r.res.statusCode).toBe(404)
    expect(JSON.parse(readFileSync(wx.$control.resolvePath(r.res.tempFilePath), 'utf8'))).toEqual({
      error: 'gone',
    })
  })

  it('should report progress from bytes received', async () => {
    const events: WechatMiniprogram.DownloadTaskOnProgressUpdateListenerResult[] = []
    const { task, done } = settle((cb) => wx.downloadFile({ url: `${server.url}/big.bin`, ...cb }))
    task.onProgressUpdate((e) => events.push(e))
    await done
    expect(events.length).toBeGreaterThan(1)
    expect(events.at(-1)).toEqual({
      progress: 100,
      totalBytesWritten: BIG.length,
      totalBytesExpectedToWrite: BIG.length,
    })
  })

  it('should leave no partial file behind after abort', async () => {
    const { task, done } = settle((cb) => wx.downloadFile({ url: `${server.url}/slow.bin`, ...cb }))
    task.onProgressUpdate(() => task.abort())
    expect((await done).err).toEqual({ errMsg: 'downloadFile:fail abort', errno: 1 })
    expect(tmpFiles()).toEqual([])
  })

  it('should refuse a file over the size limit and remove what was written', async () => {
    await wx.$dispose()
    wx = createWx({ maxDownloadBytes: 1024 * 1024 })
    const r = await settle((cb) => wx.downloadFile({ url: `${server.url}/big.bin`, ...cb })).done
    expect(r.err).toEqual({ errMsg: 'downloadFile:fail exceed max file size', errno: 1300202 })
    expect(tmpFiles()).toEqual([])
  })

  it('should refuse a filePath outside USER_DATA_PATH', async () => {
    const r = await settle((cb) =>
      wx.downloadFile({ url: `${server.url}/file.txt`, filePath: 'wxfile://tmp_x.txt', ...cb }),
    ).done
    expect(r.err).toEqual({
      errMsg: 'downloadFile:fail permission denied, open wxfile://tmp_x.txt',
      errno: 1301000,
    })
    expect(
      existsSync(join(wx.$control.resolvePath(wx.env.USER_DATA_PATH), '..', 'tmp', 'tmp_x.txt')),
    ).toBe(false)
  })

  it('should share the 10-task limit with requests', async () => {
    await wx.$dispose()
    wx = createWx({ maxTasks: 1 })
    const first = settle((cb) => wx.downloadFile({ url: `${server.url}/slow.bin`, ...cb }))
    await server.waitForRequests(1)
    const second = settle((cb) => wx.request({ url: `${server.url}/file.txt`, ...cb }))
    expect(wx.$state.queuedTasks).toBe(1)
    first.task.abort()
    expect((await second.done).ok).toBe(true)
  })
})
