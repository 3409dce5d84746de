import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { createWx } from '../src'
import { startServer } from './helpers/server'
import { settle } from './helpers/settle'

describe('$dispose', () => {
  it('should abort tasks, close sockets and free every slot', async () => {
    const server = await startServer(() => {})
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise((resolve) => wss.once('listening', resolve))
    const wx = createWx()
    try {
      const pending = settle((cb) => wx.request({ url: `${server.url}/hang`, ...cb }))
      const socket = wx.connectSocket({
        url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
      })
      await new Promise((resolve) => socket.onOpen(resolve))
      const socketClosed = new Promise((resolve) => socket.onClose(resolve))
      await server.waitForRequests(1)
      await wx.$dispose()
      expect((await pending.done).err).toEqual({ errMsg: 'request:fail abort', errno: 1 })
      expect(await socketClosed).toEqual({ code: 1001, reason: 'runtime disposed' })
      expect(wx.$state.activeTasks).toBe(0)
      expect(wx.$state.openSockets).toBe(0)
      await wx.$dispose()
    } finally {
      for (const c of wss.clients) c.terminate()
      await new Promise((resolve) => wss.close(resolve))
      await server.close()
    }
  })

  it('should keep a sandboxDir it did not create', async () => {
    const { mkdtempSync, existsSync, rmSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'wx-node-own-'))
    const wx = createWx({ sandboxDir: dir })
    wx.getFileSystemManager().writeFileSync(`${wx.env.USER_DATA_PATH}/keep.txt`, 'kept')
    await wx.$dispose()
    expect(existsSync(join(dir, 'usr', 'keep.txt'))).toBe(true)
    const again = createWx({ sandboxDir: dir })
    expect(
      again.getFileSystemManager().readFileSync(`${again.env.USER_DATA_PATH}/keep.txt`, 'utf8'),
    ).toBe('kept')
    await again.$dispose()
    rmSync(dir, { recursive: true, force: true })
  })
})
