import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createWx, type WxNode } from '../src'
import { json, startServer, type TestServer } from './helpers/server'
import { type Settled, settle } from './helpers/settle'

let server: TestServer | undefined
let wx: WxNode | undefined
const held: ServerResponse[] = []

async function holdingServer(): Promise<TestServer> {
  server = await startServer((_req, res) => held.push(res))
  return server
}

function releaseAll(): void {
  for (const res of held.splice(0)) json(res, 200, { ok: true })
}

afterEach(async () => {
  releaseAll()
  await wx?.$dispose()
  await server?.close()
})

describe('the shared limit of 10 network tasks', () => {
  it('should let the server see at most 10 concurrent requests and run the 11th after one ends', async () => {
    const s = await holdingServer()
    wx = createWx()
    const runs: Promise<Settled<any>>[] = []
    for (let i = 0; i < 11; i++)
      runs.push(settle((cb) => wx!.request({ url: `${s.url}/r${i}`, ...cb })).done)
    await s.waitForRequests(10)
    expect(s.active).toBe(10)
    expect(wx.$state.activeTasks).toBe(10)
    expect(wx.$state.queuedTasks).toBe(1)
    json(held.shift()!, 200, { first: true })
    await s.waitForRequests(11)
    expect(s.requests.map((r) => r.url)).toContain('/r10')
    releaseAll()
    const results = await Promise.all(runs)
    expect(results.every((r) => r.ok)).toBe(true)
    expect(s.maxActive).toBe(10)
    expect(wx.$state.activeTasks).toBe(0)
  })

  it('should fail the 11th with errno 600007 when overflow is fail', async () => {
    const s = await holdingServer()
    wx = createWx({ overflow: 'fail' })
    for (let i = 0; i < 10; i++) wx.request({ url: `${s.url}/r${i}` })
    const r = await settle((cb) => wx!.request({ url: `${s.url}/r10`, ...cb })).done
    expect(r.err).toEqual({ errMsg: 'request:fail exceed max task count', errno: 600007 })
  })

  it('should fail a queued request with abort and never send it', async () => {
    const s = await holdingServer()
    wx = createWx({ maxTasks: 1 })
    wx.request({ url: `${s.url}/first` })
    const queued = settle((cb) => wx!.request({ url: `${s.url}/second`, ...cb }))
    await s.waitForRequests(1)
    queued.task.abort()
    expect((await queued.done).err).toEqual({ errMsg: 'request:fail abort', errno: 1 })
    releaseAll()
    expect(wx.$state.queuedTasks).toBe(0)
    expect(s.requests.map((r) => r.url)).toEqual(['/first'])
  })

  it('should reject a maxTasks or overflow that makes no sense', () => {
    expect(() => createWx({ maxTasks: -1 })).toThrow(
      'createWx: maxTasks must be a non-negative number, got -1',
    )
    expect(() => createWx({ overflow: 'drop' as 'fail' })).toThrow(
      "createWx: overflow must be 'queue' or 'fail', got drop",
    )
  })
})
