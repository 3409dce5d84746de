/**
 * The offline queue: messages sent before the socket opens are flushed in order; bounds by
 * count and bytes with a drop policy that reports every drop; persistence across an app
 * restart; a failed send goes back to the head and nothing is sent twice.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useIntegration } from '@miniwire/test-utils'
import { createWx } from '@miniwire/wx-node'
import { describe, expect, it } from 'vitest'
import { createSocket, type SocketError } from '../src'
import { collect, next, record, useSockets } from './helpers'

const env = useIntegration()
const { open } = useSockets(env)

/** The socket an app makes after a restart, over the outbox the killed run left in storage. */
const restarted = (wx: ReturnType<typeof createWx>) =>
  createSocket({
    wx,
    url: `${env.server.wsUrl}?token=${env.server.issueTokens().accessToken}`,
    heartbeat: false,
    queue: { persist: 'chat-outbox' },
  })

const chat = (text: string) => ({ type: 'chat', text })
const texts = (messages: Array<{ text: string }>) => messages.map((m) => m.text)

describe('the offline queue', () => {
  it('should keep messages sent before the socket opens and flush them in order', async () => {
    const socket = open({ autoConnect: false })
    for (const text of ['one', 'two', 'three']) expect(socket.send(chat(text))).toBe(true)
    expect(socket.queued).toBe(3)
    const echoed = collect(socket, 'chat', 4)
    socket.connect()
    await next(socket, 'open')
    socket.send(chat('four')) // sent after the queue, never ahead of it
    expect(texts(await echoed)).toEqual(['one', 'two', 'three', 'four'])
    expect(socket.queued).toBe(0)
  })

  it('should bound the queue by count, dropping the oldest and reporting each drop', () => {
    const socket = open({ autoConnect: false, queue: { limit: 2 } })
    const errors = record<SocketError>(socket, 'error')
    for (const text of ['a', 'b', 'c', 'd']) socket.send(chat(text))
    expect(socket.queued).toBe(2)
    expect(errors.map((e) => [e.reason, JSON.parse(e.data as string).text])).toEqual([
      ['dropped', 'a'],
      ['dropped', 'b'],
    ])
  })

  it("should bound the queue by bytes, and refuse the newest under drop: 'newest'", () => {
    const socket = open({ autoConnect: false, queue: { maxBytes: 60, drop: 'newest' } })
    const errors = record<SocketError>(socket, 'error')
    expect(socket.send(chat('x'.repeat(20)))).toBe(true) // 42 bytes of JSON
    expect(socket.send(chat('y'.repeat(20)))).toBe(false)
    expect(socket.queued).toBe(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.data).toContain('yyyy')
  })

  it('should report a message as dropped when the queue is off', () => {
    const socket = open({ autoConnect: false, queue: false })
    const errors = record<SocketError>(socket, 'error')
    expect(socket.send(chat('lost?'))).toBe(false)
    expect(errors[0]!.reason).toBe('dropped')
  })

  it('should keep queued messages in storage across an app restart and flush them in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'socket-queue-'))
    const storageFile = join(dir, 'storage.json')
    try {
      const before = createWx({ storageFile })
      const first = createSocket({
        wx: before,
        url: `${env.server.wsUrl}?token=x`,
        autoConnect: false,
        queue: { persist: 'chat-outbox' },
      })
      for (const text of ['saved 1', 'saved 2', 'saved 3']) first.send(chat(text))
      await new Promise((resolve) => setTimeout(resolve, 10)) // the write happens on the next tick
      await before.$dispose() // the app is killed

      const after = createWx({ storageFile })
      const socket = restarted(after)
      expect(socket.queued).toBe(3)
      const echoed = collect(socket, 'chat', 3)
      expect(texts(await echoed)).toEqual(['saved 1', 'saved 2', 'saved 3'])
      await expect.poll(() => after.getStorageSync('chat-outbox')).toBe('')
      socket.close()
      await after.$dispose()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('should keep a message whose send wx never confirmed in storage, so a restart mid-send sends it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'socket-queue-'))
    const storageFile = join(dir, 'storage.json')
    try {
      // The app is killed while wx is still sending: the send never reports back.
      const before = createWx({ storageFile })
      const hanging = Object.create(before)
      hanging.connectSocket = (option: WechatMiniprogram.ConnectSocketOption) => {
        const task = before.connectSocket(option)
        task.send = () => {}
        return task
      }
      const first = createSocket({
        wx: hanging,
        url: `${env.server.wsUrl}?token=${env.server.issueTokens().accessToken}`,
        heartbeat: false,
        autoConnect: false,
        queue: { persist: 'chat-outbox' },
      })
      for (const text of ['in flight', 'queued']) first.send(chat(text))
      first.connect()
      await next(first, 'open')
      expect(first.queued).toBe(1) // 'in flight' was handed to wx
      await new Promise((resolve) => setTimeout(resolve, 10)) // the write happens on the next tick
      expect(before.getStorageSync('chat-outbox')).toHaveLength(2)
      await before.$dispose()

      const after = createWx({ storageFile })
      const socket = restarted(after)
      const echoed = collect(socket, 'chat', 2)
      expect(texts(await echoed)).toEqual(['in flight', 'queued'])
      socket.close()
      await after.$dispose()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('should put a failed send back at the head and never send a message twice', async () => {
    // The real runtime, with its sockets' first two sends failing as wx's do on a dying socket.
    let failures = 2
    const wx = Object.create(env.wx)
    wx.connectSocket = (option: WechatMiniprogram.ConnectSocketOption) => {
      const task = env.wx.connectSocket(option)
      const send = task.send.bind(task)
      task.send = (o) => {
        if (failures-- > 0)
          o.fail?.({ errMsg: 'sendSocketMessage:fail WebSocket is not connected' })
        else send(o)
      }
      return task
    }
    const socket = open({ wx, autoConnect: false })
    for (const text of ['m1', 'm2', 'm3']) socket.send(chat(text))
    const received = record<{ text: string }>(socket, 'chat')
    socket.connect()
    await next(socket, 'open')
    expect(socket.queued).toBe(3) // the head's send failed: it stays, nothing moved on
    socket.send(chat('m4')) // a later send retries the flush from the head
    expect(socket.queued).toBe(4)
    socket.send(chat('m5'))
    await expect.poll(() => received.length).toBe(5)
    expect(texts(received)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5'])
  })
})
