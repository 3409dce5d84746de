/**
 * WebSocket `/ws` on the same HTTP server. The access token travels in the query
 * (`?token=`), because `wx.connectSocket` cannot always set headers; an upgrade without a
 * valid one is answered `HTTP/1.1 401` and never becomes a socket. Messages are JSON: ping,
 * chat broadcast, RPC echo; the server pushes notifications through a test control.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import { Codes } from './envelope'
import type { DemoState } from './state'

interface Client {
  socket: WebSocket
  userId: number
  clientId: number
}

export interface SocketHub {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  drop(): void
  closeAll(code?: number, reason?: string): void
  notify(payload: Record<string, unknown>, userId?: number): number
  count(): number
  sendRaw(data: string | Buffer): number
  close(): Promise<void>
}

/** Largest message accepted. */
export const MAX_WS_MESSAGE_BYTES = 1024 * 1024

export function createSocketHub(state: DemoState): SocketHub {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES })
  const clients = new Set<Client>()
  let nextClientId = 1

  const send = (client: Client, message: unknown) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message))
  }

  const onMessage = (client: Client, raw: string) => {
    let msg: Record<string, unknown>
    try {
      msg = JSON.parse(raw)
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
        throw new Error('not an object')
    } catch {
      send(client, { type: 'error', message: 'messages must be JSON objects with a "type"' })
      return
    }
    switch (msg.type) {
      case 'ping':
        if (state.switches.answerPings)
          send(client, {
            type: 'pong',
            at: Date.now(),
            ...(msg.id === undefined ? {} : { id: msg.id }),
          })
        return
      case 'chat': {
        if (typeof msg.text !== 'string' || msg.text === '') {
          send(client, { type: 'error', message: 'chat needs a non-empty "text" string' })
          return
        }
        const out = {
          type: 'chat',
          from: client.userId,
          text: msg.text,
          at: Date.now(),
          ...(typeof msg.room === 'string' ? { room: msg.room } : {}),
        }
        for (const other of clients) send(other, out)
        return
      }
      case 'rpc':
        return rpc(client, msg)
      case 'whoami':
        send(client, { type: 'whoami', userId: client.userId, clientId: client.clientId })
        return
      default:
        send(client, { type: 'error', message: `unknown message type ${JSON.stringify(msg.type)}` })
    }
  }

  const rpc = (client: Client, msg: Record<string, unknown>) => {
    const { id, method, params } = msg
    if (method === 'echo') {
      send(client, { type: 'rpc', id, result: params ?? null })
    } else if (method === 'delay') {
      const ms = Math.min(Math.max(Number((params as { ms?: unknown })?.ms) || 0, 0), 60_000)
      setTimeout(() => send(client, { type: 'rpc', id, result: params ?? null }), ms)
    } else if (method === 'fail') {
      send(client, { type: 'rpc', id, error: { code: 500, message: 'rpc failed on request' } })
    } else {
      send(client, {
        type: 'rpc',
        id,
        error: { code: 404, message: `unknown rpc method ${JSON.stringify(method)}` },
      })
    }
  }

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname !== '/ws')
        return refuse(
          socket,
          404,
          'Not Found',
          Codes.routeNotFound,
          `no WebSocket endpoint at ${url.pathname}`,
        )
      const token = url.searchParams.get('token')
      const result = token ? state.tokens.verify(token, 'access') : undefined
      if (!result?.ok || !state.store.user(result.claims.sub)) {
        const why = !token
          ? 'token query parameter required'
          : `access token ${result?.ok ? 'names no user' : result?.reason}`
        return refuse(socket, 401, 'Unauthorized', Codes.accessToken, why)
      }
      const userId = result.claims.sub
      wss.handleUpgrade(req, socket, head, (ws) => {
        const client: Client = { socket: ws, userId, clientId: nextClientId++ }
        clients.add(client)
        ws.on('message', (data) => onMessage(client, data.toString()))
        ws.on('close', () => clients.delete(client))
        ws.on('error', () => clients.delete(client))
      })
    },
    drop() {
      for (const c of clients) c.socket.terminate()
      clients.clear()
    },
    closeAll(code = 1000, reason = '') {
      for (const c of clients) c.socket.close(code, reason)
    },
    notify(payload, userId) {
      let sent = 0
      for (const c of clients) {
        if (userId !== undefined && c.userId !== userId) continue
        send(c, { ...payload, type: 'notification', at: Date.now() })
        sent++
      }
      return sent
    },
    count: () => clients.size,
    sendRaw(data) {
      let sent = 0
      for (const c of clients) {
        if (c.socket.readyState !== c.socket.OPEN) continue
        c.socket.send(data, { binary: typeof data !== 'string' })
        sent++
      }
      return sent
    },
    close() {
      for (const c of clients) c.socket.terminate()
      clients.clear()
      return new Promise((resolve) => wss.close(() => resolve()))
    },
  }
}

function refuse(socket: Duplex, status: number, text: string, code: number, message: string): void {
  const body = JSON.stringify({ code, message })
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
