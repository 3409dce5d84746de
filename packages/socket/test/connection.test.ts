/**
 * The managed connection against the demo server's real `/ws` endpoint through wx-node:
 * routing by type, server drops and closes, manual close and connect again, frames that are
 * not JSON, binary frames, and listeners that throw.
 */
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { isSocketError, type SocketError, type SocketOptions } from '../src'
import { collect, dialled, next, record, useSockets } from './helpers'

const env = useIntegration()
const sockets = useSockets(env)

interface Chat {
  type: 'chat'
  from: number
  text: string
}
interface Note {
  type: 'notification'
  title: string
}

const open = (extra: Record<string, unknown> = {}) =>
  sockets.open<{ chat: Chat; notification: Note }>(extra as Partial<SocketOptions>)

describe('createSocket() on a real server', () => {
  it("should route messages by type to on('chat') and on('notification'), as the seed's page does", async () => {
    const socket = open()
    await next(socket, 'open')
    expect(socket.connected).toBe(true)
    const chat = next<Chat>(socket, 'chat')
    socket.send({ type: 'chat', text: 'hi all' })
    expect(await chat).toMatchObject({ type: 'chat', from: 1, text: 'hi all' })
    const note = next<Note>(socket, 'notification')
    env.server.control.notify({ title: 'hello' })
    expect((await note).title).toBe('hello')
  })

  it('should reconnect after the server drops the connection (wxapp-socket-io#22)', async () => {
    const socket = open()
    await next(socket, 'open')
    const reconnecting = next(socket, 'reconnecting')
    const reopened = collect(socket, 'open', 1)
    env.server.control.dropSockets()
    expect(await reconnecting).toMatchObject({ attempt: 1 })
    await reopened
    expect(socket.state).toBe('open')
    const chat = next<Chat>(socket, 'chat')
    socket.send({ type: 'chat', text: 'back again' })
    expect((await chat).text).toBe('back again')
    expect(dialled(env.wx)).toHaveLength(2)
  })

  it('should report a clean server close with its code, then reconnect', async () => {
    const socket = open()
    await next(socket, 'open')
    const closed = next(socket, 'close')
    const reopened = collect(socket, 'open', 1)
    env.server.control.closeSockets(4001, 'maintenance')
    expect(await closed).toEqual({ code: 4001, reason: 'maintenance' })
    await reopened
  })

  it('should connect again after close() (reconnecting-websocket#86, #87)', async () => {
    const socket = open()
    await next(socket, 'open')
    socket.close()
    expect(socket.state).toBe('closed')
    await expect.poll(() => env.server.control.socketCount()).toBe(0)
    socket.connect()
    await next(socket, 'open')
    const chat = next<Chat>(socket, 'chat')
    socket.send({ type: 'chat', text: 'after close' })
    expect((await chat).text).toBe('after close')
    expect(env.server.control.socketCount()).toBe(1)
  })

  it('should expose connected as a getter and state as a property, never a field shadowing a method (seed defect 6)', async () => {
    const socket = open({ autoConnect: false })
    expect(socket.connected).toBe(false)
    expect(socket.state).toBe('closed')
    socket.connect()
    expect(socket.state).toBe('connecting')
    await next(socket, 'open')
    expect(socket.connected).toBe(true)
    expect(Object.keys(socket)).not.toContain('connected')
    expect(
      typeof Object.getOwnPropertyDescriptor(Object.getPrototypeOf(socket), 'connected')?.get,
    ).toBe('function')
  })

  it('should report a frame that is not JSON on the error event with the raw data, never dropping it (seed defect 6)', async () => {
    const socket = open()
    await next(socket, 'open')
    const error = next<SocketError>(socket, 'error')
    env.server.control.sendRaw('not { json')
    const e = await error
    expect(isSocketError(e)).toBe(true)
    expect(e.code).toBe('ERR_SOCKET')
    expect(e.reason).toBe('decode')
    expect(e.data).toBe('not { json')
  })

  it('should pass binary frames through as ArrayBuffers', async () => {
    const socket = open()
    await next(socket, 'open')
    const message = next(socket, 'message')
    env.server.control.sendRaw(Buffer.from([7, 8, 9]))
    const data = await message
    expect(data).toBeInstanceOf(ArrayBuffer)
    expect(Array.from(new Uint8Array(data as ArrayBuffer))).toEqual([7, 8, 9])
  })

  it('should use a pluggable codec both ways', async () => {
    const socket = open({
      codec: {
        encode: (m: unknown) => JSON.stringify(Object.assign({ type: 'chat' }, m)),
        decode: (frame: string) => ({ ...JSON.parse(frame), decoded: true }),
      },
    })
    await next(socket, 'open')
    const chat = next(socket, 'chat')
    socket.send({ text: 'typed by codec' })
    expect(await chat).toMatchObject({ text: 'typed by codec', decoded: true })
  })

  it('should keep calling the other listeners when one throws, and report the throw', async () => {
    const socket = open()
    await next(socket, 'open')
    const errors = record<SocketError>(socket, 'error')
    socket.on('chat', () => {
      throw new Error('page bug')
    })
    const second = next<Chat>(socket, 'chat')
    socket.send({ type: 'chat', text: 'still delivered' })
    expect((await second).text).toBe('still delivered')
    expect(errors.map((e) => e.reason)).toEqual(['listener'])
    expect(errors[0]!.message).toContain('page bug')
  })

  it('should remove a listener with off() and with the returned unsubscribe', async () => {
    const socket = open()
    await next(socket, 'open')
    const offed: unknown[] = []
    const listener = (m: Chat) => offed.push(m)
    socket.on('chat', listener)
    socket.off('chat', listener)
    const unsubscribed: unknown[] = []
    socket.on('chat', (m) => unsubscribed.push(m))()
    const kept = next<Chat>(socket, 'chat')
    socket.send({ type: 'chat', text: 'x' })
    await kept
    expect(offed).toEqual([])
    expect(unsubscribed).toEqual([])
  })
})
