import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWx, type WxNode } from '../src'
import { json, startServer, type TestServer } from './helpers/server'
import { settle } from './helpers/settle'

let server: TestServer
let wx: WxNode

beforeEach(async () => {
  wx = createWx()
  server = await startServer((req, res, body) => {
    const path = (req.url ?? '').split('?')[0]
    if (path === '/echo')
      return json(res, 200, { method: req.method, url: req.url, body: body.toString() })
    if (path === '/status')
      return json(res, Number(new URL(req.url ?? '', 'http://x').searchParams.get('code')), {
        failed: true,
      })
    if (path === '/text') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      return res.end('not { json')
    }
    if (path === '/bytes') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      return res.end(Buffer.from([0, 1, 2, 250]))
    }
    if (path === '/cookies') {
      res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; HttpOnly'])
      return json(res, 200, {})
    }
    if (path === '/chunks') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('one,')
      setTimeout(() => res.end('two'), 20)
      return
    }
    if (path === '/redirect') {
      res.writeHead(302, { location: '/echo?from=redirect' })
      return res.end()
    }
    json(res, 404, { error: 'no route' })
  })
})

afterEach(async () => {
  await wx.$dispose()
  await server.close()
})

describe('wx.request over real HTTP', () => {
  it('should turn object data into a query string for GET and send content-type application/json', async () => {
    const { done } = settle((cb) =>
      wx.request({ url: `${server.url}/echo?x=1`, data: { q: 'a b', n: 2, o: { k: 1 } }, ...cb }),
    )
    const r = await done
    expect(r.ok).toBe(true)
    expect(server.requests[0]!.url).toBe('/echo?x=1&q=a%20b&n=2&o=%7B%22k%22%3A1%7D')
    expect(server.requests[0]!.headers['content-type']).toBe('application/json')
    expect(r.res.errMsg).toBe('request:ok')
    expect(r.res.statusCode).toBe(200)
    expect(r.res.header['content-type']).toBe('application/json')
  })

  it('should send object data as JSON for POST and PUT', async () => {
    for (const method of ['POST', 'PUT'] as const) {
      const { done } = settle((cb) =>
        wx.request({ url: `${server.url}/echo`, method, data: { a: [1, 2] }, ...cb }),
      )
      expect((await done).res.data).toEqual({ method, url: '/echo', body: '{"a":[1,2]}' })
    }
  })

  it('should form-encode object data when the content-type is x-www-form-urlencoded', async () => {
    const { done } = settle((cb) =>
      wx.request({
        url: `${server.url}/echo`,
        method: 'POST',
        header: { 'Content-Type': 'application/x-www-form-urlencoded' },
        data: { name: '张 三', n: 1 },
        ...cb,
      }),
    )
    await done
    expect(server.requests[0]!.body.toString()).toBe('name=%E5%BC%A0%20%E4%B8%89&n=1')
  })

  it('should append string data to the URL for GET', async () => {
    await settle((cb) => wx.request({ url: `${server.url}/echo`, data: 'a=1&b=2', ...cb })).done
    expect(server.requests[0]!.url).toBe('/echo?a=1&b=2')
  })

  it('should send object data as a JSON body for DELETE, as wx only turns GET data into a query', async () => {
    await settle((cb) =>
      wx.request({ url: `${server.url}/echo`, method: 'DELETE', data: { id: 3 }, ...cb }),
    ).done
    expect(server.requests[0]!.url).toBe('/echo')
    expect(server.requests[0]!.body.toString()).toBe('{"id":3}')
  })

  it('should send strings and ArrayBuffers as they are', async () => {
    const a = settle((cb) =>
      wx.request({ url: `${server.url}/echo`, method: 'POST', data: 'raw text', ...cb }),
    )
    await a.done
    const bytes = new Uint8Array([1, 2, 3, 255]).buffer
    const b = settle((cb) =>
      wx.request({ url: `${server.url}/echo`, method: 'POST', data: bytes, ...cb }),
    )
    await b.done
    expect(server.requests[0]!.body.toString()).toBe('raw text')
    expect([...server.requests[1]!.body]).toEqual([1, 2, 3, 255])
  })

  it('should log a binary body by its size in $log, not keep its bytes', async () => {
    const bytes = new Uint8Array(300).buffer
    await settle((cb) =>
      wx.request({ url: `${server.url}/echo`, method: 'PUT', data: bytes, ...cb }),
    ).done
    await settle((cb) =>
      wx.request({ url: `${server.url}/echo`, method: 'POST', data: { a: 1 }, ...cb }),
    ).done
    const logged = wx.$log.filter((e) => e.name === 'request').map((e) => e.args)
    expect(logged).toEqual([
      { url: `${server.url}/echo`, method: 'PUT', dataBytes: 300 },
      { url: `${server.url}/echo`, method: 'POST', data: { a: 1 } },
    ])
  })

  it('should call success for 4xx and 5xx statuses', async () => {
    for (const code of [404, 500]) {
      const r = await settle((cb) =>
        wx.request({ url: `${server.url}/status?code=${code}`, ...cb }),
      ).done
      expect(r.ok).toBe(true)
      expect(r.res.statusCode).toBe(code)
      expect(r.res.data).toEqual({ failed: true })
    }
  })

  it('should keep a body that is not JSON as a string with dataType json', async () => {
    const r = await settle((cb) => wx.request({ url: `${server.url}/text`, ...cb })).done
    expect(r.ok).toBe(true)
    expect(r.res.data).toBe('not { json')
  })

  it('should leave JSON as text when dataType is not json', async () => {
    const r = await settle((cb) =>
      wx.request({ url: `${server.url}/echo`, dataType: '其他', ...cb }),
    ).done
    expect(typeof r.res.data).toBe('string')
    expect(JSON.parse(r.res.data).method).toBe('GET')
  })

  it('should give an ArrayBuffer for responseType arraybuffer', async () => {
    const r = await settle((cb) =>
      wx.request({ url: `${server.url}/bytes`, responseType: 'arraybuffer', ...cb }),
    ).done
    expect(r.res.data).toBeInstanceOf(ArrayBuffer)
    expect([...new Uint8Array(r.res.data)]).toEqual([0, 1, 2, 250])
  })

  it('should list Set-Cookie headers in cookies', async () => {
    const r = await settle((cb) => wx.request({ url: `${server.url}/cookies`, ...cb })).done
    expect(r.res.cookies).toEqual(['a=1; Path=/', 'b=2; HttpOnly'])
  })

  it('should report real timings and the bytes that crossed the socket in profile', async () => {
    const r = await settle((cb) =>
      wx.request({ url: `${server.url}/echo`, method: 'POST', data: { x: 'y' }, ...cb }),
    ).done
    const p = r.res.profile
    expect(p.fetchStart).toBeGreaterThanOrEqual(p.invokeStart)
    expect(p.connectEnd).toBeGreaterThanOrEqual(p.connectStart)
    expect(p.requestStart).toBeGreaterThanOrEqual(p.fetchStart)
    expect(p.responseStart).toBeGreaterThanOrEqual(p.requestStart)
    expect(p.responseEnd).toBeGreaterThanOrEqual(p.responseStart)
    expect(p.sendBytesCount).toBe(server.requests[0]!.socketBytesRead)
    const bodyText = JSON.stringify(r.res.data)
    expect(p.receivedBytedCount).toBeGreaterThan(Buffer.byteLength(bodyText))
    expect(p.peerIP).toBe('127.0.0.1')
    expect(p.port).toBe(server.port)
    expect(p.socketReused).toBe(false)
  })

  it('should reuse a kept-alive socket for the next request and say so in profile', async () => {
    await settle((cb) => wx.request({ url: `${server.url}/echo`, ...cb })).done
    const second = (await settle((cb) => wx.request({ url: `${server.url}/echo`, ...cb })).done).res
      .profile
    expect(second.socketReused).toBe(true)
    expect(second.connectEnd).toBe(second.connectStart)
    expect(second.sendBytesCount).toBeGreaterThan(0)
  })

  it('should fail a timeout that is not a number without sending anything', async () => {
    const r = await settle((cb) =>
      wx.request({ url: `${server.url}/echo`, timeout: '5' as never, ...cb }),
    ).done
    expect(r.err).toEqual({
      errMsg:
        'request:fail parameter error: parameter.timeout should be a non-negative Number instead of String;',
    })
    expect(server.requests).toHaveLength(0)
  })

  it('should follow redirects by default and return the 302 with redirect manual', async () => {
    const follow = await settle((cb) => wx.request({ url: `${server.url}/redirect`, ...cb })).done
    expect(follow.res.statusCode).toBe(200)
    expect(follow.res.data.url).toBe('/echo?from=redirect')
    const manual = await settle((cb) =>
      wx.request({ url: `${server.url}/redirect`, redirect: 'manual', ...cb }),
    ).done
    expect(manual.res.statusCode).toBe(302)
    expect(manual.res.header.location).toBe('/echo?from=redirect')
  })

  it('should drop a Referer header, which wx does not let a mini program set', async () => {
    await settle((cb) =>
      wx.request({
        url: `${server.url}/echo`,
        header: { Referer: 'https://x', 'X-A': 1 as never },
        ...cb,
      }),
    ).done
    expect(server.requests[0]!.headers.referer).toBeUndefined()
    expect(server.requests[0]!.headers['x-a']).toBe('1')
  })

  it('should fire onHeadersReceived before success, and chunks with enableChunked', async () => {
    const events: string[] = []
    const { task, done } = settle((cb) =>
      wx.request({
        url: `${server.url}/chunks`,
        enableChunked: true,
        ...cb,
        success: (res) => {
          events.push('success')
          cb.success(res)
        },
      }),
    )
    task.onHeadersReceived((h) => events.push(`headers ${h.statusCode}`))
    task.onChunkReceived((c) => events.push(`chunk ${Buffer.from(c.data).toString()}`))
    await done
    expect(events).toEqual(['headers 200', 'chunk one,', 'chunk two', 'success'])
  })

  it('should stop calling a listener removed with offHeadersReceived', async () => {
    const seen: number[] = []
    const listener = (h: { statusCode: number }) => seen.push(h.statusCode)
    const { task, done } = settle((cb) => wx.request({ url: `${server.url}/echo`, ...cb }))
    task.onHeadersReceived(listener)
    task.offHeadersReceived(listener)
    await done
    expect(seen).toEqual([])
  })

  it('should return a task, never a Promise, and call complete after success', async () => {
    const { task, done } = settle((cb) => wx.request({ url: `${server.url}/echo`, ...cb }))
    expect(typeof task.abort).toBe('function')
    expect(task).not.toBeInstanceOf(Promise)
    expect((await done).completeAfter).toBe(true)
  })
})
