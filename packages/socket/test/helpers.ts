/**
 * Test helpers: the sockets of a test file (made on the demo server, closed after each test),
 * waiting for a socket's next event, a token source that hands out the demo server's real
 * tokens and counts refreshes, and the URLs the runtime dialled.
 */
import type { TokenSource } from '@miniwire/core'
import type { DemoServer } from '@miniwire/demo-server'
import type { IntegrationEnv } from '@miniwire/test-utils'
import type { WxNode } from '@miniwire/wx-node'
import { afterEach } from 'vitest'
import { createSocket, type Socket, type SocketOptions } from '../src'

/**
 * The sockets a test file makes, each closed after its test. `open(extra)` dials the demo
 * server's ws endpoint with a fresh token, heartbeat off and fast reconnects unless `extra`
 * says otherwise; `keep(socket)` adds a socket made another way.
 */
export function useSockets(env: IntegrationEnv) {
  const made: Array<{ close(): void }> = []
  afterEach(() => {
    for (const socket of made.splice(0)) socket.close()
  })
  const keep = <S extends { close(): void }>(socket: S): S => {
    made.push(socket)
    return socket
  }
  const open = <M extends object = Record<string, unknown>>(
    extra: Partial<SocketOptions> = {},
  ): Socket<M> =>
    keep(
      createSocket<M>({
        wx: env.wx,
        url: `${env.server.wsUrl}?token=${env.server.issueTokens().accessToken}`,
        heartbeat: false,
        reconnect: { minDelay: 5, maxDelay: 20 },
        ...extra,
      }),
    )
  return { open, keep }
}

/** Resolves with the payload of `socket`'s next `type` event. */
export function next<T = any>(socket: Socket<any>, type: string): Promise<T> {
  return new Promise((resolve) => socket.once(type as never, resolve as never))
}

/** Collects every payload of `type` events. */
export function record<T = any>(socket: Socket<any>, type: string): T[] {
  const seen: T[] = []
  socket.on(type as never, ((payload: T) => seen.push(payload)) as never)
  return seen
}

/** Resolves once `count` payloads of `type` arrived, with all of them. */
export function collect<T = any>(socket: Socket<any>, type: string, count: number): Promise<T[]> {
  const seen: T[] = []
  return new Promise((resolve) => {
    const off = socket.on(
      type as never,
      ((payload: T) => {
        seen.push(payload)
        if (seen.length === count) {
          off()
          resolve(seen)
        }
      }) as never,
    )
  })
}

/** A token source over the demo server's real tokens; `refreshes` lists the stale tokens. */
export function serverTokens(
  server: DemoServer,
  first = server.issueTokens().accessToken,
): TokenSource & { refreshes: Array<string | undefined>; current(): string } {
  let token = first
  const refreshes: Array<string | undefined> = []
  return {
    refreshes,
    current: () => token,
    getToken: async () => token,
    refresh: async (options = {}) => {
      refreshes.push(options.stale)
      token = server.issueTokens().accessToken
      return token
    },
    onChange: () => () => {},
  }
}

/** The URL of the socket endpoint with the token the socket is given. */
export const withToken =
  (server: DemoServer) =>
  ({ token }: { token: string | undefined }) =>
    `${server.wsUrl}?token=${token}`

/** The URLs `wx.connectSocket` was called with, in order. */
export function dialled(wx: WxNode): string[] {
  return wx.$log
    .filter((entry) => entry.type === 'network' && entry.name === 'connectSocket')
    .map((entry) => (entry.args as { url: string }).url)
}
