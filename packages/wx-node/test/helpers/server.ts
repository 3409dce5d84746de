/**
 * A tiny node:http server on 127.0.0.1:0 for the tests: records every request (method, url,
 * headers, body, bytes the server socket read), counts concurrent requests, and lets a test
 * hold responses to observe queueing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
  /** Bytes the server socket had read when the body ended (one request per fresh socket). */
  socketBytesRead: number
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void

export interface TestServer {
  url: string
  port: number
  requests: RecordedRequest[]
  /** Requests being handled now, and the most at once. */
  active: number
  maxActive: number
  /** Resolves when `n` requests have arrived in total. */
  waitForRequests(n: number): Promise<void>
  close(): Promise<void>
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const sockets = new Set<Socket>()
  const waiters: Array<{ n: number; resolve: () => void }> = []
  const state: TestServer = {
    url: '',
    port: 0,
    requests: [],
    active: 0,
    maxActive: 0,
    waitForRequests: (n) =>
      state.requests.length >= n
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ n, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
  const server = createServer((req, res) => {
    state.active++
    state.maxActive = Math.max(state.maxActive, state.active)
    res.on('close', () => state.active--)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      state.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        socketBytesRead: req.socket.bytesRead,
      })
      for (const w of [...waiters]) {
        if (state.requests.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve()
        }
      }
      handler(req, res, body)
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.port = (server.address() as AddressInfo).port
  state.url = `http://127.0.0.1:${state.port}`
  return state
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Sends JSON with a status. */
export function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(value)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}
