/**
 * Core against a real HTTP server on 127.0.0.1, through @miniwire/wx-node: every method,
 * params, bodies, response types, non-2xx, network failures and events.
 */
import { useIntegration } from '@miniwire/test-utils'
import { createWx } from '@miniwire/wx-node'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  type Client,
  createClient,
  HttpError,
  hasErrorCode,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  type MiniwireError,
} from '../src'

interface Echo {
  method: string
  originalMethod: string
  path: string
  rawQuery: string
  query: Record<string, unknown>
  headers: Record<string, string>
  bodyKind: string
  body: unknown
  bodyBytes: number
}
interface Envelope<T> {
  code: number
  message: string
  data: T
}

const env = useIntegration()
let client: Client
beforeEach(() => {
  client = env.client()
})

const echo = async (p: Promise<unknown>): Promise<Echo> => ((await p) as Envelope<Echo>).data

describe('methods', () => {
  it.each(['get', 'delete', 'options'] as const)('should send %s', async (verb) => {
    const seen = await echo(client[verb]('/echo'))
    expect(seen.method).toBe(verb.toUpperCase())
  })

  it.each(['post', 'put'] as const)('should send %s with a JSON body', async (verb) => {
    const seen = await echo(client[verb]('/echo', { name: '张三', tags: [1, 2] }))
    expect(seen.method).toBe(verb.toUpperCase())
    expect(seen.headers['content-type']).toMatch(/application\/json/)
    expect(seen.body).toEqual({ name: '张三', tags: [1, 2] })
  })

  it('should send HEAD and give the headers through send()', async () => {
    const response = await client.send({ url: '/echo/text', method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/text\/plain/)
  })

  it('should send PATCH as POST with X-HTTP-Method-Override', async () => {
    const seen = await echo(client.patch('/echo', { a: 1 }))
    expect(seen.originalMethod).toBe('POST')
    expect(seen.method).toBe('PATCH')
    expect(seen.headers['x-http-method-override']).toBe('PATCH')
    expect(seen.body).toEqual({ a: 1 })
  })

  it('should fail an unsupported method before any wx call', async () => {
    const before = env.server.counters.total
    const error = await client
      .request({ url: '/echo', method: 'FOO' as never })
      .catch((e: MiniwireError) => e)
    expect(hasErrorCode(error, 'ERR_INVALID_OPTION')).toBe(true)
    expect((error as Error).message).toBe(
      'FOO /echo: wx.request does not support this method (use GET, POST, PUT, DELETE, HEAD, OPTIONS, PATCH, TRACE, CONNECT)',
    )
    expect(env.server.counters.total).toBe(before)
  })
})

describe('URLs and params', () => {
  it('should serialise arrays, nested objects and Dates, and skip null and undefined', async () => {
    const at = new Date(Date.UTC(2026, 10, 23))
    const seen = await echo(
      client.get('/echo', {
        params: {
          page: 2,
          tags: ['a', 'b'],
          filter: { q: '咖啡 bar' },
          at,
          none: null,
          gone: undefined,
        },
      }),
    )
    expect(seen.rawQuery).toBe(
      `page=2&tags=a&tags=b&filter[q]=${encodeURIComponent('咖啡 bar')}&at=${encodeURIComponent(at.toISOString())}`,
    )
    expect(seen.query).toMatchObject({ page: '2', tags: ['a', 'b'], 'filter[q]': '咖啡 bar' })
  })

  it('should append params to a URL that already has a query', async () => {
    const seen = await echo(client.get('/echo?x=1', { params: { y: 2 } }))
    expect(seen.rawQuery).toBe('x=1&y=2')
  })

  it('should let an absolute URL bypass baseURL', async () => {
    const other = createClient({ wx: env.wx, baseURL: 'http://127.0.0.1:9/never' })
    const seen = await echo(other.get(`${env.server.url}/echo`))
    expect(seen.path).toBe('/echo')
  })

  it('should turn GET object data into the query', async () => {
    const seen = await echo(client.request({ url: '/echo', data: { q: 'x' } }))
    expect(seen.rawQuery).toBe('q=x')
    expect(seen.bodyBytes).toBe(0)
  })
})

describe('headers and bodies', () => {
  it('should merge headers case-insensitively, the request winning', async () => {
    const withDefaults = createClient({
      wx: env.wx,
      baseURL: env.server.url,
      headers: { 'X-App': 'client', 'X-Keep': 'yes' },
    })
    const seen = await echo(withDefaults.get('/echo', { headers: { 'x-app': 'request' } }))
    expect(seen.headers['x-app']).toBe('request')
    expect(seen.headers['x-keep']).toBe('yes')
  })

  it('should send a form body when the content-type says so', async () => {
    const seen = await echo(
      client.post(
        '/echo',
        { a: 1, b: ['x', 'y'] },
        { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      ),
    )
    expect(seen.bodyKind).toBe('form')
    expect(seen.body).toEqual({ a: '1', b: ['x', 'y'] })
  })

  it('should pass an ArrayBuffer body through byte for byte', async () => {
    const bytes = new Uint8Array(300).map((_, i) => i % 256)
    const seen = await echo(
      client.post('/echo', bytes.buffer, {
        headers: { 'content-type': 'application/octet-stream' },
      }),
    )
    expect(seen.bodyBytes).toBe(300)
  })

  it('should reject a non-string header value before any wx call', async () => {
    const before = env.server.counters.total
    await expect(client.get('/echo', { headers: { 'x-count': 3 as never } })).rejects.toThrow(
      'GET /echo: header "x-count" must be a string, got number',
    )
    expect(env.server.counters.total).toBe(before)
  })

  it('should reject circular data before any wx call', async () => {
    const before = env.server.counters.total
    const data: Record<string, unknown> = { a: 1 }
    data.self = data
    const error = await client.post('/echo', data).catch((e: unknown) => e)
    expect(hasErrorCode(error, 'ERR_INVALID_OPTION')).toBe(true)
    expect((error as Error).message).toMatch(/^POST \/echo: data cannot be serialised: .*circular/i)
    expect(env.server.counters.total).toBe(before)
  })

  it('should reject a missing url', async () => {
    await expect(client.request({} as never)).rejects.toThrow('request(): url is missing')
  })
})

describe('response types', () => {
  it('should parse JSON by default and give text with dataType text', async () => {
    expect(await client.get('/echo/text?text=hi')).toBe('hi')
    const raw = await client.get<string>('/echo', { dataType: 'text' })
    expect(typeof raw).toBe('string')
    expect(JSON.parse(raw).code).toBe(0)
  })

  it('should give an ArrayBuffer with responseType arraybuffer', async () => {
    const body = await client.get<ArrayBuffer>('/echo/bytes', {
      params: { n: 1000 },
      responseType: 'arraybuffer',
    })
    expect(body.byteLength).toBe(1000)
    expect(new Uint8Array(body)[257]).toBe(1)
  })

  it('should leave malformed JSON as a string, as wx does', async () => {
    const body = await client.get('/fault/malformed')
    expect(typeof body).toBe('string')
  })

  it('should give the full response one call away', async () => {
    const response = await client.send<Envelope<Echo>>({ url: '/echo' })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/json/)
    expect(Array.isArray(response.cookies)).toBe(true)
    expect(response.data.data.method).toBe('GET')
  })
})

describe('failures', () => {
  it('should reject a non-2xx with HttpError carrying status, headers and parsed data', async () => {
    const error = await client.get('/fault/status/404').catch((e: unknown) => e)
    expect(isHttpError(error)).toBe(true)
    const http = error as HttpError<Envelope<unknown>>
    expect(http).toBeInstanceOf(HttpError)
    expect(http.status).toBe(404)
    expect(http.message).toBe('GET /fault/status/404 failed with status 404')
    expect(http.headers['content-type']).toMatch(/json/)
    expect(http.data.code).not.toBe(0)
  })

  it('should resolve statuses that validateStatus accepts', async () => {
    const body = await client.get<Envelope<unknown>>('/fault/status/404', {
      validateStatus: (s) => s < 500,
    })
    expect(body.code).not.toBe(0)
  })

  it('should reject with TimeoutError when the server is slower than timeout', async () => {
    const error = await client
      .get('/fault/slow', { params: { ms: 3000 }, timeout: 150 })
      .catch((e: unknown) => e)
    expect(isTimeoutError(error)).toBe(true)
    expect((error as Error).message).toBe('GET /fault/slow timed out after 150 ms')
  })

  it('should reject with NetworkError when the connection is refused', async () => {
    const refused = createClient({ wx: env.wx, baseURL: 'http://127.0.0.1:9' })
    const error = await refused.get('/x').catch((e: unknown) => e)
    expect(isNetworkError(error)).toBe(true)
    expect((error as MiniwireError).code).toBe('ERR_NETWORK')
    expect((error as MiniwireError).cause).toMatchObject({
      errMsg: expect.stringMatching(/^request:fail/),
    })
  })

  it('should reject with NetworkError when the server resets the connection', async () => {
    const error = await client.get('/fault/reset').catch((e: unknown) => e)
    expect(isNetworkError(error)).toBe(true)
  })

  it('should map an unparsable URL to ERR_INVALID_URL', async () => {
    const bad = createClient({ wx: env.wx })
    const error = await bad.get('not a url').catch((e: unknown) => e)
    expect(isNetworkError(error)).toBe(true)
    expect((error as MiniwireError).code).toBe('ERR_INVALID_URL')
    expect((error as MiniwireError).cause).toMatchObject({ errno: 600009 })
  })

  it('should map a task the runtime refuses past its limit to ERR_TOO_MANY_TASKS', async () => {
    // A client allowed more tasks than the runtime: the runtime's own refusal (errno 600007).
    const strict = createWx({ overflow: 'fail', maxTasks: 2 })
    try {
      const c = createClient({ wx: strict, baseURL: env.server.url, maxConcurrent: 3 })
      const results = await Promise.allSettled(
        [1, 2, 3].map(() => c.get('/fault/slow', { params: { ms: 100 } })),
      )
      const refused = results.filter((r) => r.status === 'rejected')
      expect(refused).toHaveLength(1)
      expect(hasErrorCode((refused[0] as PromiseRejectedResult).reason, 'ERR_TOO_MANY_TASKS')).toBe(
        true,
      )
    } finally {
      await strict.$dispose()
    }
  })

  it('should map an interrupted request (app hidden) to ERR_INTERRUPTED', async () => {
    const short = createWx({ hideInterruptMs: 50 })
    try {
      const c = createClient({ wx: short, baseURL: env.server.url })
      const pending = c.get('/fault/slow', { params: { ms: 2000 } }).catch((e: unknown) => e)
      await new Promise((r) => setTimeout(r, 30))
      short.$control.hideApp()
      const error = await pending
      expect(hasErrorCode(error, 'ERR_INTERRUPTED')).toBe(true)
    } finally {
      await short.$dispose()
    }
  })
})

describe('events', () => {
  it('should emit request and response, or request and error', async () => {
    const seen: string[] = []
    client.on('request', (ctx) => seen.push(`request ${ctx.request.url}`))
    client.on('response', (ctx) => seen.push(`response ${ctx.response?.status}`))
    client.on('error', ({ error }) => seen.push(`error ${(error as MiniwireError).code}`))
    await client.get('/echo')
    await client.get('/fault/status/500').catch(() => {})
    expect(seen).toEqual([
      'request /echo',
      'response 200',
      'request /fault/status/500',
      'error ERR_HTTP',
    ])
  })
})
