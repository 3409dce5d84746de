/**
 * Request/response over the socket against the demo server's `rpc` messages: correlation by
 * id, remote errors, timeouts, abort by signal, and pending calls rejected on close.
 */
import { createAbortController } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { isSocketError } from '../src'
import { next, useSockets } from './helpers'

const env = useIntegration()
const { open } = useSockets(env)

describe('socket.request()', () => {
  it('should match each reply to its request by id, even out of order', async () => {
    const socket = open()
    const slow = socket.request('rpc', { method: 'delay', params: { ms: 50, n: 1 } })
    const fast = socket.request('rpc', { method: 'echo', params: { n: 2 } })
    expect(await fast).toEqual({ n: 2 })
    expect(await slow).toEqual({ ms: 50, n: 1 })
  })

  it('should send a request made before the socket opened once it opens', async () => {
    const socket = open({ autoConnect: false })
    const reply = socket.request('rpc', { method: 'echo', params: 'early' })
    socket.connect()
    expect(await reply).toBe('early')
  })

  it("should reject with the server's error", async () => {
    const socket = open()
    const e = await socket.request('rpc', { method: 'fail' }).catch((error: unknown) => error)
    expect(isSocketError(e) && e.reason).toBe('remote')
    expect((e as Error).message).toContain('rpc failed on request')
  })

  it('should reject a request that gets no reply within its timeout', async () => {
    const socket = open()
    const e = await socket
      .request('rpc', { method: 'delay', params: { ms: 5000 } }, { timeout: 30 })
      .catch((error: unknown) => error)
    expect(isSocketError(e) && e.reason).toBe('timeout')
  })

  it('should reject at once when its signal aborts', async () => {
    const socket = open()
    await next(socket, 'open')
    const controller = createAbortController()
    const pending = socket.request(
      'rpc',
      { method: 'delay', params: { ms: 5000 } },
      { signal: controller.signal },
    )
    controller.abort()
    await expect(pending).rejects.toMatchObject({ code: 'ERR_ABORTED' })
  })

  it('should reject pending requests when the socket is closed, and when the connection drops', async () => {
    const socket = open()
    await next(socket, 'open')
    const onClose = socket.request('rpc', { method: 'delay', params: { ms: 5000 } })
    socket.close()
    await expect(onClose).rejects.toMatchObject({ code: 'ERR_SOCKET', reason: 'closed' })
    socket.connect()
    await next(socket, 'open')
    const onDrop = socket.request('rpc', { method: 'delay', params: { ms: 5000 } })
    env.server.control.dropSockets()
    await expect(onDrop).rejects.toMatchObject({ reason: 'closed' })
  })
})
