import { describe, expect, it } from 'vitest'
import { CHAT_TEXT, SSE_FIXTURE } from '../src/routes/stream'
import { call, login, useServer } from './helpers'

const ctx = useServer()

/** Reads a streamed body with node's fetch: its chunks as text, or the error that ended it. */
async function read(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(ctx.server.url + path, { headers })
  const chunks: string[] = []
  const decoder = new TextDecoder()
  let error: unknown
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(decoder.decode(chunk, { stream: true }))
    }
  } catch (e) {
    error = e
  }
  return { res, text: chunks.join(''), chunks: chunks.length, error }
}

const stats = async (key: string) =>
  (await call(ctx.server, 'GET', `/stream/stats?key=${key}`)).body.data

describe('/stream/*', () => {
  it('should stream a chat completion as one SSE event per character, ending with [DONE]', async () => {
    const { res, text, chunks } = await read('/stream/chat?key=c1')
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const data = text
      .split('\n\n')
      .filter((block) => block.startsWith('data: '))
      .map((block) => block.slice(6))
    expect(data.at(-1)).toBe('[DONE]')
    const content = data
      .slice(0, -1)
      .map((d) => JSON.parse(d).choices[0].delta.content)
      .join('')
    expect(content).toBe(CHAT_TEXT)
    expect(chunks).toBeGreaterThan(1)
    expect(await stats('c1')).toMatchObject({ started: 1, completed: 1, closedEarly: 0 })
  })

  it('should name the signed-in user in the chat deltas', async () => {
    const { accessToken } = await login(ctx.server)
    const { text } = await read('/stream/chat?text=hi', { authorization: `Bearer ${accessToken}` })
    expect(text).toContain('"user":"demo"')
  })

  it('should stream NDJSON with the asked-for line broken', async () => {
    const { res, text } = await read('/stream/ndjson?count=3&bad=2')
    expect(res.headers.get('content-type')).toBe('application/x-ndjson')
    expect(text).toBe('{"n":1,"text":"第1行"}\n{"n":2,\n{"n":3,"text":"第3行"}\n')
  })

  it('should drop the connection after the asked-for number of events', async () => {
    const { text, error } = await read('/stream/drop?after=2&key=d1')
    expect(text).toBe('data: 1\n\ndata: 2\n\n')
    expect(error).toBeInstanceOf(Error)
    expect(await stats('d1')).toMatchObject({ started: 1, completed: 0, closedEarly: 1 })
  })

  it('should count a slow stream the client left as closed early', async () => {
    const aborter = new AbortController()
    const res = await fetch(`${ctx.server.url}/stream/slow?interval=20&key=s1`, {
      signal: aborter.signal,
    })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: tick 1\n\n')
    aborter.abort()
    await expect.poll(async () => (await stats('s1')).closedEarly).toBe(1)
    expect((await stats('s1')).completed).toBe(0)
  })

  it('should resume the feed after Last-Event-ID and drop after `per` events', async () => {
    const first = await read('/stream/feed?count=4&per=2&retry=50&key=f1')
    expect(first.text).toBe(
      'retry: 50\n\nid: 1\nevent: item\ndata: 第1条\n\nid: 2\nevent: item\ndata: 第2条\n\n',
    )
    const rest = await read('/stream/feed?count=4&per=2&key=f1', { 'last-event-id': '2' })
    expect(rest.text).toBe(
      'id: 3\nevent: item\ndata: 第3条\n\nid: 4\nevent: item\ndata: [DONE]\n\n',
    )
    expect(rest.error).toBeUndefined()
    expect((await stats('f1')).lastEventIds).toEqual([null, '2'])
  })

  it('should send the SSE fixture cut at the given byte offsets', async () => {
    const { text, chunks } = await read('/stream/fixture?at=1,2,3')
    // Node's TextDecoder drops the BOM, as a browser would.
    expect(text).toBe(SSE_FIXTURE.slice(1))
    expect(chunks).toBeGreaterThanOrEqual(2)
    const bad = await call(ctx.server, 'GET', '/stream/fixture?at=99999')
    expect(bad.status).toBe(400)
  })

  it('should refuse a bad count with a validation error', async () => {
    const res = await call(ctx.server, 'GET', '/stream/ndjson?count=-1')
    expect(res.status).toBe(400)
    expect(res.body.data.fields.count).toMatch(/count must be an integer/)
  })
})
