/**
 * A real world for the network tests: the demo server on 127.0.0.1 (port 0), wx-node as the
 * runtime, and a client with the auth plugin whose refresh calls the real `/auth/refresh`.
 */
import { type Client, createClient } from '@miniwire/core'
import {
  type DemoServer,
  type DemoServerOptions,
  startDemoServer,
  type TokenPair,
} from '@miniwire/demo-server'
import {
  type AuthOptions,
  type AuthPlugin,
  auth,
  type RefreshFunction,
} from '@miniwire/plugin-auth'
import { createWx, type WxNode } from '@miniwire/wx-node'

export interface Envelope<T = unknown> {
  code: number
  message: string
  data: T
}

/** The refresh an app would write: the auth-free client, the envelope's `data`. */
export const refreshViaServer: RefreshFunction = async ({ client, refreshToken }) =>
  (await client.post<Envelope<TokenPair>>('/auth/refresh', { refreshToken })).data

export interface World {
  server: DemoServer
  wx: WxNode
  client: Client
  plugin: AuthPlugin
  /** Stores a pair minted by the server (`accessTtlMs: 0` → already expired). */
  signIn(accessTtlMs?: number): Promise<TokenPair>
  /** `/auth/me` requests the server answered with `status`. */
  meAnswers(status: number): number
  close(): Promise<void>
}

export async function startWorld(
  serverOptions: DemoServerOptions = {},
  authOptions: AuthOptions = {},
): Promise<World> {
  const server = await startDemoServer(serverOptions)
  const wx = createWx()
  const plugin = auth({ refresh: refreshViaServer, ...authOptions })
  const client = createClient({ wx, baseURL: server.url, plugins: [plugin] })
  return {
    server,
    wx,
    client,
    plugin,
    async signIn(accessTtlMs) {
      const pair = server.issueTokens(accessTtlMs === undefined ? {} : { accessTtlMs })
      await plugin.tokens.setTokens(pair)
      return pair
    },
    meAnswers: (status) =>
      server.requestLog.filter((e) => e.path === '/auth/me' && e.status === status).length,
    async close() {
      await wx.$dispose()
      await server.close()
    },
  }
}

/** `Promise.allSettled` that fails the test instead of hanging when a promise never settles. */
export async function settleWithin<T>(
  promises: Array<Promise<T>>,
  ms = 5000,
): Promise<PromiseSettledResult<T>[]> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`some promises were still pending after ${ms} ms`)),
      ms,
    )
  })
  try {
    return await Promise.race([Promise.allSettled(promises), limit])
  } finally {
    clearTimeout(timer)
  }
}
