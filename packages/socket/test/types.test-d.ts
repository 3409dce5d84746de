/**
 * Public signatures: message types route to typed listeners, built-in events keep their
 * payloads, the registry is declared on core's `Services`, and `ERR_SOCKET` on `ErrorCodes`.
 */
import type { ErrorCode, Services } from '@miniwire/core'
import { describe, expectTypeOf, it } from 'vitest'
import { createSocket, type SocketError, type SocketRegistry, type SocketState } from '../src'

interface Chat {
  type: 'chat'
  text: string
}
interface Note {
  type: 'notification'
  title: string
}

describe('createSocket() types', () => {
  const socket = createSocket<{ chat: Chat; notification: Note }>({ url: 'wss://example.com/ws' })

  it('should type listeners by message type and by built-in event', () => {
    socket.on('chat', (m) => expectTypeOf(m).toEqualTypeOf<Chat>())
    socket.once('notification', (m) => expectTypeOf(m).toEqualTypeOf<Note>())
    socket.on('error', (e) => expectTypeOf(e).toEqualTypeOf<SocketError>())
    socket.on('close', (c) => expectTypeOf(c).toEqualTypeOf<{ code: number; reason: string }>())
    socket.on('reconnecting', (r) => expectTypeOf(r.attempt).toBeNumber())
    // @ts-expect-error not a message type of this socket
    socket.on('typo', () => {})
  })

  it('should expose state and connected as read-only properties, not methods', () => {
    expectTypeOf(socket.state).toEqualTypeOf<SocketState>()
    expectTypeOf(socket.connected).toEqualTypeOf<boolean>()
    expectTypeOf(socket.request<number>('rpc')).toEqualTypeOf<Promise<number>>()
  })

  it("should declare its registry on core's Services and its code on ErrorCodes", () => {
    expectTypeOf<Services['sockets']>().toEqualTypeOf<SocketRegistry>()
    expectTypeOf<'ERR_SOCKET'>().toExtend<ErrorCode>()
  })
})
