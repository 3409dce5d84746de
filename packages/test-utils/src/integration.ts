/**
 * The fixture every integration test repeats: one demo server per file (port 0), a fresh
 * wx-node runtime per test, both closed afterwards. Call it at the top of a test file.
 */
import { type Client, type ClientOptions, createClient } from '@miniwire/core'
import { type DemoServer, type DemoServerOptions, startDemoServer } from '@miniwire/demo-server'
import { createWx, type WxNode, type WxNodeOptions } from '@miniwire/wx-node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'

export interface IntegrationEnv {
  /** The demo server of this file. */
  readonly server: DemoServer
  /** The wx runtime of the current test. */
  readonly wx: WxNode
  /** A client on this test's runtime with `baseURL` set to the server. */
  client(options?: ClientOptions): Client
}

export interface IntegrationOptions {
  server?: DemoServerOptions
  wx?: WxNodeOptions
  /** Zero the server's counters before each test. @default true */
  resetCounters?: boolean
}

/**
 * @example
 * const env = useIntegration()
 * it('should …', async () => {
 *   await env.client().get('/echo')
 *   expect(env.server.counters.total).toBe(1)
 * })
 */
export function useIntegration(options: IntegrationOptions = {}): IntegrationEnv {
  let server: DemoServer | undefined
  let wx: WxNode | undefined
  beforeAll(async () => {
    server = await startDemoServer(options.server)
  })
  afterAll(async () => {
    await server?.close()
  })
  beforeEach(() => {
    if (options.resetCounters !== false) server?.resetCounters()
    wx = createWx(options.wx)
  })
  afterEach(async () => {
    await wx?.$dispose()
  })
  const env: IntegrationEnv = {
    get server() {
      if (!server)
        throw new Error('useIntegration(): the server is not started yet (use it inside a test)')
      return server
    },
    get wx() {
      if (!wx) throw new Error('useIntegration(): no runtime yet (use it inside a test)')
      return wx
    },
    client: (clientOptions) =>
      createClient({ wx: env.wx, baseURL: env.server.url, ...clientOptions }),
  }
  return env
}
