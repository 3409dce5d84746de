import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { call, useServer } from './helpers'

const ctx = useServer()

describe('/fault/*', () => {
  it('should fail N times with the given status per key, then succeed', async () => {
    const path = '/fault/flaky?key=f1&fail=2&status=502'
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await call(ctx.server, 'GET', path)).status)
    expect(statuses).toEqual([502, 502, 200])
    const last = await call(ctx.server, 'POST', path)
    expect(last.body).toEqual({ code: 0, message: 'ok', data: { attempts: 4 } })
    expect((await call(ctx.server, 'GET', '/fault/flaky?key=f2&fail=1')).status).toBe(503)
    expect((await call(ctx.server, 'GET', '/fault/hits?key=f1')).body.data.hits).toBe(4)
  })

  it('should answer 429 with Retry-After in seconds, then 200', async () => {
    const first = await call(ctx.server, 'GET', '/fault/rate-limit?key=r1&fail=1&retryAfter=2')
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('2')
    expect(first.body.code).toBe(42900)
    expect((await call(ctx.server, 'POST', '/fault/rate-limit?key=r1&fail=1')).status).toBe(200)
  })

  it('should give Retry-After as an HTTP date when asked', async () => {
    const res = await call(ctx.server, 'GET', '/fault/rate-limit?key=r2&retryAfter=3&form=date')
    const date = Date.parse(res.headers.get('retry-after')!)
    expect(res.headers.get('retry-after')).toMatch(/GMT$/)
    expect(date - Date.now()).toBeGreaterThan(1000)
    expect(date - Date.now()).toBeLessThanOrEqual(4000)
  })

  it('should answer slowly, and notice a client that gave up', async () => {
    const started = Date.now()
    const res = await call(ctx.server, 'GET', '/fault/slow?ms=120&key=s1')
    expect(res.body.data).toEqual({ ms: 120 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(110)
    const aborter = new AbortController()
    const pending = fetch(`${ctx.server.url}/fault/slow?ms=5000&key=s1`, { signal: aborter.signal })
    await new Promise((r) => setTimeout(r, 50))
    aborter.abort()
    await expect(pending).rejects.toThrow()
    await expect
      .poll(async () => (await call(ctx.server, 'GET', '/fault/hits?key=s1')).body.data.slow)
      .toEqual({
        started: 2,
        completed: 1,
        aborted: 1,
      })
  })

  it('should send headers and part of the body, then drop the connection', async () => {
    const res = await fetch(`${ctx.server.url}/fault/drop?after=10`)
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow()
  })

  it('should reset the connection before any response', async () => {
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const req = request(`${ctx.server.url}/fault/reset`, () =>
        resolve(new Error('got a response')),
      )
      req.on('error', resolve)
      req.end()
    })
    expect(error.code).toMatch(/ECONNRESET|EPIPE/)
  })

  it('should send malformed JSON with a JSON content type', async () => {
    const res = await fetch(`${ctx.server.url}/fault/malformed`)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    await expect(res.json()).rejects.toThrow(SyntaxError)
  })

  it('should send the requested business code over HTTP 200', async () => {
    const res = await call(ctx.server, 'POST', '/fault/business?code=10086&message=余额不足')
    expect(res).toMatchObject({ status: 200, body: { code: 10086, message: '余额不足' } })
  })

  it('should answer a given HTTP status with an envelope', async () => {
    const res = await call(ctx.server, 'GET', '/fault/status/418')
    expect(res).toMatchObject({ status: 418, body: { code: 41800, message: "I'm a Teapot" } })
    expect((await call(ctx.server, 'GET', '/fault/status/99')).status).toBe(400)
  })
})

describe('control.injectFault()', () => {
  it('should fail the next N matching requests with the status, then serve them normally', async () => {
    const fault = ctx.server.control.injectFault({
      method: 'POST',
      path: '/echo',
      times: 2,
      status: 502,
    })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(ctx.server, 'POST', '/echo', { body: { n: i } })).status)
    }
    expect(statuses).toEqual([502, 502, 200])
    expect((await call(ctx.server, 'GET', '/echo')).status).toBe(200)
    expect(fault.hits).toBe(2)
  })

  it('should match a path pattern and leave other paths alone', async () => {
    const fault = ctx.server.control.injectFault({ path: /^\/echo\/text$/, times: 1 })
    expect((await call(ctx.server, 'GET', '/echo')).status).toBe(200)
    expect((await call(ctx.server, 'GET', '/echo/text')).status).toBe(503)
    expect(fault.hits).toBe(1)
  })

  it('should stall a request until the client gives up, and serve the next one', async () => {
    const fault = ctx.server.control.injectFault({ path: '/echo/text', times: 1, stallMs: 60_000 })
    const aborter = new AbortController()
    const pending = fetch(`${ctx.server.url}/echo/text`, { signal: aborter.signal })
    await expect.poll(() => fault.hits).toBe(1)
    aborter.abort()
    await expect(pending).rejects.toThrow()
    expect((await fetch(`${ctx.server.url}/echo/text`)).status).toBe(200)
  })

  it('should forget every fault on clearFaults()', async () => {
    ctx.server.control.injectFault({ path: '/echo', times: 5 })
    ctx.server.control.clearFaults()
    expect((await call(ctx.server, 'GET', '/echo')).status).toBe(200)
  })
})
