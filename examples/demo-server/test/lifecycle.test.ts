import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startDemoServer } from '../src/index'

describe('startDemoServer and close()', () => {
  it('should listen on 127.0.0.1 on a free port and report its URLs', async () => {
    const server = await startDemoServer()
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
      expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}/ws`)
      expect(server.port).toBeGreaterThan(0)
      expect((await fetch(`${server.url}/echo/text`)).status).toBe(200)
    } finally {
      await server.close()
    }
  })

  it('should close sockets and HTTP, remove its temp folder, and tolerate a second close', async () => {
    const server = await startDemoServer()
    expect(existsSync(join(server.uploadDir, 'files', 'big.bin'))).toBe(true)
    const ws = new WebSocket(`${server.wsUrl}?token=${server.issueTokens().accessToken}`)
    await new Promise((resolve) => ws.once('open', resolve))
    const closed = new Promise((resolve) => ws.once('close', resolve))
    await server.close()
    await closed
    await server.close()
    expect(existsSync(server.uploadDir)).toBe(false)
    await expect(fetch(`${server.url}/echo/text`)).rejects.toThrow()
  })

  it('should leave a folder it was given in place', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-given-'))
    const server = await startDemoServer({ uploadDir: dir })
    await server.close()
    expect((await readdir(dir)).sort()).toEqual(['chunks', 'files', 'tmp', 'tus'])
    await rm(dir, { recursive: true, force: true })
  })

  it('should keep servers apart: counters and data are per server', async () => {
    const [a, b] = await Promise.all([startDemoServer(), startDemoServer()])
    try {
      await fetch(`${a.url}/users/1`)
      expect(a.counters.total).toBe(1)
      expect(b.counters.total).toBe(0)
      a.resetCounters()
      expect(a.counters).toMatchObject({ total: 0, requestsByRoute: {}, maxConcurrent: 0 })
      expect(a.requestLog).toHaveLength(0)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('should refuse bad options naming the option', async () => {
    await expect(startDemoServer({ port: 70000 })).rejects.toThrow(/port must be an integer/)
    await expect(startDemoServer({ accessTokenTtlMs: Number.NaN })).rejects.toThrow(
      /accessTokenTtlMs/,
    )
    await expect(startDemoServer({ expiredTokenResponse: 'soap' as 'http' })).rejects.toThrow(
      /expiredTokenResponse/,
    )
  })

  it('should say which address is taken when the port is in use', async () => {
    const first = await startDemoServer()
    try {
      await expect(startDemoServer({ port: first.port })).rejects.toThrow(
        `demo server could not listen on 127.0.0.1:${first.port}`,
      )
    } finally {
      await first.close()
    }
  })
})
