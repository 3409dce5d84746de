import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWx, WX_ERRNO, type WxNode } from '../src'
import { freePort, json, startServer, type TestServer } from './helpers/server'
import { settle } from './helpers/settle'

let server: TestServer
let wx: WxNode

beforeEach(async () => {
  wx = createWx()
  server = await startServer((req, res) => {
    if (req.url === '/hang') return // never answers
    if (req.url === '/reset') return req.socket.destroy()
    if (req.url === '/half') {
      res.writeHead(200, { 'content-length': '100' })
      res.write('only part')
      setTimeout(() => req.socket.destroy(), 10)
      return
    }
    json(res, 200, { ok: true })
  })
})

afterEach(async () => {
  vi.useRealTimers()
  await wx.$dispose()
  await server.close()
})

describe('wx.request failures', () => {
  it('should fail "request:fail timeout" with errno 5 after timeout ms', async () => {
    const r = await settle((cb) => wx.request({ url: `${server.url}/hang`, timeout: 50, ...cb }))
      .done
    expect(r.ok).toBe(false)
    expect(r.err).toEqual({ errMsg: 'request:fail timeout', errno: WX_ERRNO.TIMEOUT })
    expect(r.completeAfter).toBe(true)
  })

  it('should fail "request:fail abort" with errno 1 after task.abort() and close the connection', async () => {
    const { task, done } = settle((cb) => wx.request({ url: `${server.url}/hang`, ...cb }))
    await server.waitForRequests(1)
    task.abort()
    const r = await done
    expect(r.err).toEqual({ errMsg: 'request:fail abort', errno: 1 })
    await vi.waitFor(() => expect(server.active).toBe(0))
  })

  it('should ignore abort() after success', async () => {
    const { task, done } = settle((cb) => wx.request({ url: `${server.url}/ok`, ...cb }))
    const r = await done
    task.abort()
    expect(r.ok).toBe(true)
  })

  it('should fail with a connection-refused reason and errno 600000 when nothing listens', async () => {
    const port = await freePort()
    const r = await settle((cb) => wx.request({ url: `http://127.0.0.1:${port}/x`, ...cb })).done
    expect(r.err).toEqual({
      errMsg: 'request:fail -102:net::ERR_CONNECTION_REFUSED',
      errno: 600000,
    })
  })

  it('should fail with a connection-reset reason when the server drops the socket', async () => {
    const r = await settle((cb) => wx.request({ url: `${server.url}/reset`, ...cb })).done
    expect(r.err).toEqual({ errMsg: 'request:fail -101:net::ERR_CONNECTION_RESET', errno: 600000 })
  })

  it('should fail when the connection drops in the middle of the body', async () => {
    const r = await settle((cb) => wx.request({ url: `${server.url}/half`, ...cb })).done
    expect(r.ok).toBe(false)
    expect(r.err.errMsg).toBe('request:fail -101:net::ERR_CONNECTION_RESET')
  })

  it('should fail an unparsable or non-http URL with errno 600009', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/file', '/relative/path']) {
      const r = await settle((cb) => wx.request({ url, ...cb })).done
      expect(r.err).toEqual({
        errMsg: `request:fail invalid url "${url}"`,
        errno: WX_ERRNO.INVALID_URL,
      })
    }
  })

  it('should fail PATCH and unknown methods without sending anything', async () => {
    for (const method of ['PATCH', 'PROPFIND']) {
      const r = await settle((cb) =>
        wx.request({ url: `${server.url}/ok`, method: method as 'GET', ...cb }),
      ).done
      expect(r.err.errMsg).toBe(
        `request:fail parameter error: method "${method}" is not supported, use one of OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT`,
      )
      expect(r.err.errno).toBe(WX_ERRNO.INVALID_REQUEST_DATA)
    }
    expect(server.requests).toHaveLength(0)
  })

  it('should accept a lower-case method as wx does', async () => {
    const r = await settle((cb) =>
      wx.request({ url: `${server.url}/ok`, method: 'post' as 'POST', ...cb }),
    ).done
    expect(r.ok).toBe(true)
    expect(server.requests[0]!.method).toBe('POST')
  })

  it('should fail circular data with errno 600010 and send nothing', async () => {
    const data: Record<string, unknown> = {}
    data.self = data
    const r = await settle((cb) =>
      wx.request({ url: `${server.url}/ok`, method: 'POST', data, ...cb }),
    ).done
    expect(r.err.errMsg).toMatch(/^request:fail invalid request data: /)
    expect(r.err.errno).toBe(600010)
    expect(server.requests).toHaveLength(0)
  })

  it('should fail new requests at once while offline and tell network listeners', async () => {
    const changes: unknown[] = []
    wx.onNetworkStatusChange((s) => changes.push(s))
    wx.$control.setOnline(false)
    const r = await settle((cb) => wx.request({ url: `${server.url}/ok`, ...cb })).done
    expect(r.err).toEqual({
      errMsg: 'request:fail -106:net::ERR_INTERNET_DISCONNECTED',
      errno: 600000,
    })
    expect(server.requests).toHaveLength(0)
    wx.$control.setOnline(true, '4g')
    expect(changes).toEqual([
      { isConnected: false, networkType: 'none' },
      { isConnected: true, networkType: '4g' },
    ])
    expect((await wx.getNetworkType()).networkType).toBe('4g')
    expect((await settle((cb) => wx.request({ url: `${server.url}/ok`, ...cb })).done).ok).toBe(
      true,
    )
  })

  it('should fail in-flight requests "request:fail interrupted" once the app is hidden for hideInterruptMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { done } = settle((cb) => wx.request({ url: `${server.url}/hang`, ...cb }))
    await server.waitForRequests(1)
    wx.$control.hideApp()
    vi.advanceTimersByTime(4999)
    expect(wx.$state.activeTasks).toBe(1)
    vi.advanceTimersByTime(1)
    const r = await done
    expect(r.err).toEqual({ errMsg: 'request:fail interrupted', errno: 600003 })
    const later = await settle((cb) => wx.request({ url: `${server.url}/ok`, ...cb })).done
    expect(later.err.errMsg).toBe('request:fail interrupted')
    wx.$control.showApp()
    vi.useRealTimers()
    expect((await settle((cb) => wx.request({ url: `${server.url}/ok`, ...cb })).done).ok).toBe(
      true,
    )
  })

  it('should let requests finish when the app comes back before hideInterruptMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { done } = settle((cb) => wx.request({ url: `${server.url}/ok`, ...cb }))
    wx.$control.hideApp()
    vi.advanceTimersByTime(3000)
    wx.$control.showApp()
    vi.advanceTimersByTime(5000)
    vi.useRealTimers()
    expect((await done).ok).toBe(true)
  })
})
