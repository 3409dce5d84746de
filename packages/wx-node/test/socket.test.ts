import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type WebSocket, WebSocketServer } from 'ws'
import { createWx, type WxNode } from '../src'
import { freePort } from './helpers/server'

let wss: WebSocketServer
let url: string
let wx: WxNode
const serverSockets: WebSocket[] = []
const handshakes: { headers: Record<string, unknown>; protocol: string }[] = []

beforeEach(async () => {
  wx = createWx()
  wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (set) => [...set][0] ?? false,
  })
  await new Promise((resolve) => wss.once('listening', resolve))
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`
  wss.on('headers', (headers) => headers.push('X-Server: wx-node-test'))
  wss.on('connection', (socket, req) => {
    serverSockets.push(socket)
    handshakes.push({ headers: req.headers, protocol: socket.protocol })
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }))
  })
})

afterEach(async () => {
  await wx.$dispose()
  for (const s of serverSockets.splice(0)) s.terminate()
  handshakes.length = 0
  await new Promise((resolve) => wss.close(resolve))
})

function opened(
  task: WechatMiniprogram.SocketTask,
): Promise<WechatMiniprogram.OnOpenListenerResult> {
  return new Promise((resolve) => task.onOpen(resolve))
}
function closed(task: WechatMiniprogram.SocketTask): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => task.onClose(resolve))
}

describe('wx.connectSocket over ws', () => {
  it('should open with the handshake headers and protocols, and echo text and ArrayBuffer', async () => {
    const task = wx.connectSocket({ url, header: { 'X-Token': 'abc' }, protocols: ['chat'] })
    const openEvent = await opened(task)
    expect(openEvent.header['x-server']).toBe('wx-node-test')
    expect(handshakes[0]).toMatchObject({ headers: { 'x-token': 'abc' }, protocol: 'chat' })
    expect(wx.$state.openSockets).toBe(1)
    const messages: unknown[] = []
    const two = new Promise<void>((resolve) =>
      task.onMessage((m) => {
        messages.push(m.data)
        if (messages.length === 2) resolve()
      }),
    )
    task.send({ data: 'hello' })
    task.send({ data: new Uint8Array([9, 8, 7]).buffer })
    await two
    expect(messages[0]).toBe('hello')
    expect(messages[1]).toBeInstanceOf(ArrayBuffer)
    expect([...new Uint8Array(messages[1] as ArrayBuffer)]).toEqual([9, 8, 7])
  })

  it('should close with the given code and reason and free the socket slot', async () => {
    const task = wx.connectSocket({ url })
    await opened(task)
    const serverClose = new Promise<[number, string]>((resolve) =>
      serverSockets[0]!.on('close', (code, reason) => resolve([code, reason.toString()])),
    )
    const done = closed(task)
    task.close({ code: 4000, reason: 'bye' })
    expect(await serverClose).toEqual([4000, 'bye'])
    expect(await done).toEqual({ code: 4000, reason: 'bye' })
    expect(wx.$state.openSockets).toBe(0)
  })

  it('should fail close with an invalid code or a reason over 123 bytes', async () => {
    const task = wx.connectSocket({ url })
    await opened(task)
    const fail = await new Promise((resolve) => task.close({ code: 1001, fail: resolve }))
    expect(fail).toEqual({
      errMsg:
        'closeSocket:fail The code must be either 1000, or between 3000 and 4999. 1001 is neither.',
    })
    const long = await new Promise((resolve) =>
      task.close({ reason: 'x'.repeat(124), fail: resolve }),
    )
    expect(long).toEqual({
      errMsg: 'closeSocket:fail The message must not be greater than 123 bytes.',
    })
  })

  it('should fail send before the socket is open', async () => {
    const task = wx.connectSocket({ url })
    const fail = await new Promise((resolve) => task.send({ data: 'early', fail: resolve }))
    expect(fail).toEqual({ errMsg: 'sendSocketMessage:fail WebSocket is not connected' })
  })

  it('should allow 5 sockets and fail the 6th through fail, onError and onClose', async () => {
    const tasks = Array.from({ length: 5 }, () => wx.connectSocket({ url }))
    await Promise.all(tasks.map(opened))
    const events: string[] = []
    const sixth = wx.connectSocket({ url, fail: (e) => events.push(`fail ${e.errMsg}`) })
    sixth.onError((e) => events.push(`error ${e.errMsg}`))
    await closed(sixth)
    expect(events).toEqual([
      'fail connectSocket:fail exceed max socket count 5',
      'error connectSocket:fail exceed max socket count 5',
    ])
    expect(wss.clients.size).toBe(5)
  })

  it('should report a refused connection through onError then onClose 1006', async () => {
    const port = await freePort()
    const task = wx.connectSocket({ url: `ws://127.0.0.1:${port}` })
    const events: string[] = []
    task.onError((e) => events.push(`error ${e.errMsg}`))
    const close = await closed(task)
    expect(events).toEqual([expect.stringMatching(/^error .*ECONNREFUSED/)])
    expect(close.code).toBe(1006)
  })

  it('should fail an http URL with errno 600009', async () => {
    const fail = await new Promise((resolve) =>
      wx.connectSocket({ url: 'http://127.0.0.1/x', fail: resolve }),
    )
    expect(fail).toEqual({
      errMsg: 'connectSocket:fail invalid url "http://127.0.0.1/x"',
      errno: 600009,
    })
  })

  it('should drop sockets with 1006 once the app is hidden for hideInterruptMs', async () => {
    const task = wx.connectSocket({ url })
    await opened(task)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      wx.$control.hideApp()
      vi.advanceTimersByTime(5000)
    } finally {
      vi.useRealTimers()
    }
    expect(await closed(task)).toEqual({ code: 1006, reason: 'interrupted' })
    expect(wx.$state.openSockets).toBe(0)
  })

  it('should drop sockets when the network goes offline and refuse new ones', async () => {
    const task = wx.connectSocket({ url })
    await opened(task)
    wx.$control.setOnline(false)
    expect(await closed(task)).toEqual({ code: 1006, reason: 'network offline' })
    const fail = await new Promise((resolve) => wx.connectSocket({ url, fail: resolve }))
    expect(fail).toEqual({
      errMsg: 'connectSocket:fail -106:net::ERR_INTERNET_DISCONNECTED',
      errno: 600000,
    })
  })

  it('should report a close started by the server', async () => {
    const task = wx.connectSocket({ url })
    await opened(task)
    serverSockets[0]!.close(4001, 'kicked')
    expect(await closed(task)).toEqual({ code: 4001, reason: 'kicked' })
  })
})
