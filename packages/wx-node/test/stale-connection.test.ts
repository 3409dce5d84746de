/**
 * A kept-alive connection the server drops while a request is on it. The server counts what
 * reached it: an idempotent request may go out again on a fresh connection, a POST never does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWx, type WxNode, type WxNodeOptions } from '../src'
import { json, startServer, type TestServer } from './helpers/server'
import { settle } from './helpers/settle'

const RESET = { errMsg: 'request:fail -101:net::ERR_CONNECTION_RESET', errno: 600000 }

let server: TestServer
let wx: WxNode

beforeEach(async () => {
  const seen = new Map<string, number>()
  server = await startServer((req, res) => {
    const key = `${req.method} ${req.url}`
    const n = (seen.get(key) ?? 0) + 1
    seen.set(key, n)
    // The first arrival of each /drop-once request loses its connection after the server has
    // read the whole request, as when a server restarts or its keep-alive timer fires.
    if (req.url === '/drop-once' && n === 1) return req.socket.destroy()
    // Part of an answer, then the connection goes.
    if (req.url === '/half-headers') {
      req.socket.write('HTTP/1.1 200 OK\r\ncontent-')
      return setTimeout(() => req.socket.destroy(), 10)
    }
    json(res, 200, { n })
  })
})

afterEach(async () => {
  await wx.$dispose()
  await server.close()
})

/** A runtime whose next request reuses a kept-alive connection to the server. */
async function warmedUp(options: WxNodeOptions = {}): Promise<WxNode> {
  wx = createWx(options)
  const first = await settle((cb) => wx.request({ url: `${server.url}/warm`, ...cb })).done
  expect(first.ok).toBe(true)
  return wx
}

function arrivals(method: string, url: string): number {
  return server.requests.filter((r) => r.method === method && r.url === url).length
}

describe('a reused keep-alive connection dropped before the answer', () => {
  it('should send a POST exactly once and fail with the reset errMsg', async () => {
    await warmedUp()
    const r = await settle((cb) =>
      wx.request({ url: `${server.url}/drop-once`, method: 'POST', data: { pay: 1 }, ...cb }),
    ).done
    expect(r.ok).toBe(false)
    expect(r.err).toEqual(RESET)
    expect(arrivals('POST', '/drop-once')).toBe(1)
    expect(server.requests).toHaveLength(2)
  })

  it('should re-send a GET once on a fresh connection, transparently', async () => {
    await warmedUp()
    const r = await settle((cb) => wx.request({ url: `${server.url}/drop-once`, ...cb })).done
    expect(r.ok).toBe(true)
    expect(r.res.data).toEqual({ n: 2 })
    expect(r.res.profile.socketReused).toBe(false)
    expect(arrivals('GET', '/drop-once')).toBe(2)
  })

  it('should re-send a PUT with its body, since PUT is idempotent', async () => {
    await warmedUp()
    const r = await settle((cb) =>
      wx.request({ url: `${server.url}/drop-once`, method: 'PUT', data: { name: 'a' }, ...cb }),
    ).done
    expect(r.ok).toBe(true)
    const puts = server.requests.filter((q) => q.method === 'PUT')
    expect(puts.map((q) => q.body.toString())).toEqual(['{"name":"a"}', '{"name":"a"}'])
  })

  it('should not re-send a GET once part of the answer has arrived', async () => {
    await warmedUp()
    const r = await settle((cb) => wx.request({ url: `${server.url}/half-headers`, ...cb })).done
    expect(r.ok).toBe(false)
    expect(r.err.errno).toBe(600000)
    expect(arrivals('GET', '/half-headers')).toBe(1)
  })

  it('should re-send nothing when resendOnStaleConnection is false', async () => {
    await warmedUp({ resendOnStaleConnection: false })
    const r = await settle((cb) => wx.request({ url: `${server.url}/drop-once`, ...cb })).done
    expect(r.err).toEqual(RESET)
    expect(arrivals('GET', '/drop-once')).toBe(1)
  })

  it('should refuse a resendOnStaleConnection that is not a boolean', () => {
    expect(() => createWx({ resendOnStaleConnection: 'yes' as unknown as boolean })).toThrow(
      'createWx: resendOnStaleConnection must be a boolean, got yes',
    )
    wx = createWx()
  })
})
