import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { useServer } from './helpers'

const ctx = useServer()
const open: WebSocket[] = []

afterEach(() => {
  for (const ws of open.splice(0)) ws.terminate()
})

/** Connects and queues every JSON message so a test can await the next one. */
async function connect(token = ctx.server.issueTokens().accessToken) {
  const ws = new WebSocket(`${ctx.server.wsUrl}?token=${encodeURIComponent(token)}`)
  open.push(ws)
  const inbox: any[] = []
  const waiters: Array<(m: any) => void> = []
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString())
    const waiter = waiters.shift()
    if (waiter) waiter(msg)
    else inbox.push(msg)
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return {
    ws,
    send: (msg: unknown) => ws.send(JSON.stringify(msg)),
    next: () =>
      inbox.length ? Promise.resolve(inbox.shift()) : new Promise<any>((r) => waiters.push(r)),
  }
}

function refusal(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('open', () => reject(new Error('upgrade was accepted')))
    ws.on('error', () => {})
  })
}

describe('WebSocket /ws', () => {
  it('should refuse an upgrade without a token, or with an expired one, with HTTP 401', async () => {
    expect(await refusal(ctx.server.wsUrl)).toBe(401)
    const expired = ctx.server.issueTokens({ accessTtlMs: 0 }).accessToken
    expect(await refusal(`${ctx.server.wsUrl}?token=${expired}`)).toBe(401)
    expect(await refusal(ctx.server.wsUrl.replace('/ws', '/other'))).toBe(404)
  })

  it('should answer ping with pong, and stop when told to', async () => {
    const c = await connect()
    c.send({ type: 'ping', id: 1 })
    expect(await c.next()).toMatchObject({ type: 'pong', id: 1 })
    ctx.server.control.answerPings(false)
    c.send({ type: 'ping', id: 2 })
    c.send({ type: 'whoami' })
    expect(await c.next()).toMatchObject({ type: 'whoami', userId: 1 })
    ctx.server.control.answerPings(true)
    c.send({ type: 'ping', id: 3 })
    expect(await c.next()).toMatchObject({ type: 'pong', id: 3 })
  })

  it('should broadcast chat to every client with the sender id', async () => {
    const a = await connect(ctx.server.issueTokens({ userId: 2 }).accessToken)
    const b = await connect()
    a.send({ type: 'chat', room: 'lobby', text: 'hi all' })
    for (const c of [a, b]) {
      expect(await c.next()).toMatchObject({ type: 'chat', from: 2, room: 'lobby', text: 'hi all' })
    }
  })

  it('should answer rpc echo with the same id and report unknown methods', async () => {
    const c = await connect()
    c.send({ type: 'rpc', id: 'r1', method: 'echo', params: { x: [1, 2] } })
    expect(await c.next()).toEqual({ type: 'rpc', id: 'r1', result: { x: [1, 2] } })
    c.send({ type: 'rpc', id: 'r2', method: 'nope' })
    expect(await c.next()).toMatchObject({ type: 'rpc', id: 'r2', error: { code: 404 } })
    c.ws.send('not json')
    expect(await c.next()).toMatchObject({ type: 'error' })
  })

  it('should push notifications to everyone or to one user', async () => {
    const demo = await connect()
    const alice = await connect(ctx.server.issueTokens({ userId: 2 }).accessToken)
    expect(ctx.server.control.notify({ title: 'hello' })).toBe(2)
    expect(await demo.next()).toMatchObject({ type: 'notification', title: 'hello' })
    expect(await alice.next()).toMatchObject({ type: 'notification', title: 'hello' })
    expect(ctx.server.control.notify({ title: 'just alice' }, { userId: 2 })).toBe(1)
    expect(await alice.next()).toMatchObject({ title: 'just alice' })
  })

  it('should drop every client abruptly, without a close frame', async () => {
    await expect.poll(() => ctx.server.control.socketCount()).toBe(0)
    const c = await connect()
    expect(ctx.server.control.socketCount()).toBe(1)
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)))
    ctx.server.control.dropSockets()
    expect(await closed).toBe(1006)
    expect(ctx.server.control.socketCount()).toBe(0)
  })

  it('should close every client cleanly with a chosen code', async () => {
    const c = await connect()
    const closed = new Promise<[number, string]>((resolve) =>
      c.ws.once('close', (code, reason) => resolve([code, reason.toString()])),
    )
    ctx.server.control.closeSockets(4001, 'token expired')
    expect(await closed).toEqual([4001, 'token expired'])
  })

  it('should send a raw frame as it is: text that is not JSON, or binary', async () => {
    const c = await connect()
    const frames: Array<[string, boolean]> = []
    c.ws.removeAllListeners('message')
    c.ws.on('message', (data, isBinary) => {
      frames.push([isBinary ? `bytes:${(data as Buffer).length}` : data.toString(), isBinary])
    })
    expect(ctx.server.control.sendRaw('not { json')).toBe(1)
    expect(ctx.server.control.sendRaw(Buffer.from([1, 2, 3]))).toBe(1)
    await expect.poll(() => frames.length).toBe(2)
    expect(frames).toEqual([
      ['not { json', false],
      ['bytes:3', true],
    ])
  })
})
