/**
 * Tokens on every (re)connect, from core's token source (provided on the runtime object or a
 * client, as plugin-auth does): a refused token is refreshed before reconnecting.
 */
import { createClient, provide } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { createSocket } from '../src'
import { dialled, next, serverTokens, useSockets, withToken } from './helpers'

const env = useIntegration()
const { keep } = useSockets(env)

const options = { heartbeat: false, reconnect: { minDelay: 5, maxDelay: 20 } } as const

describe('tokens', () => {
  it('should rotate the token between reconnects when the server closes with 4401', async () => {
    const tokens = serverTokens(env.server)
    provide(env.wx, 'tokens', tokens)
    const first = tokens.current()
    const socket = createSocket({ wx: env.wx, url: withToken(env.server), ...options })
    keep(socket)
    await next(socket, 'open')
    const reopened = next(socket, 'open')
    env.server.control.closeSockets(4401, 'token expired')
    await reopened
    expect(tokens.refreshes).toEqual([first])
    const urls = dialled(env.wx)
    expect(urls).toHaveLength(2)
    expect(urls[0]).toContain(first)
    expect(urls[1]).toContain(tokens.current())
    expect(tokens.current()).not.toBe(first)
  })

  it("should refresh a token the server refuses at the upgrade (HTTP 401), through a client's token source", async () => {
    const expired = env.server.issueTokens({ accessTtlMs: 0 }).accessToken
    const tokens = serverTokens(env.server, expired)
    const client = createClient({ wx: env.wx })
    provide(client, 'tokens', tokens)
    const socket = createSocket({ client, url: withToken(env.server), ...options })
    keep(socket)
    await next(socket, 'open')
    expect(tokens.refreshes).toEqual([expired])
    expect(dialled(env.wx)).toHaveLength(2)
  })

  it('should call async url and header functions on every connect', async () => {
    let calls = 0
    const socket = createSocket({
      wx: env.wx,
      url: async () => `${env.server.wsUrl}?token=${env.server.issueTokens().accessToken}`,
      header: async () => ({ 'X-Attempt': String(++calls) }),
      ...options,
    })
    keep(socket)
    await next(socket, 'open')
    const reopened = next(socket, 'open')
    env.server.control.dropSockets()
    await reopened
    expect(calls).toBe(2)
    expect(new Set(dialled(env.wx)).size).toBe(2)
  })

  it('should give up when the token cannot be refreshed', async () => {
    const tokens = serverTokens(env.server, 'bad-token')
    tokens.refresh = () => Promise.reject(new Error('signed out'))
    provide(env.wx, 'tokens', tokens)
    const socket = createSocket({ wx: env.wx, url: withToken(env.server), ...options })
    keep(socket)
    let error: { reason?: string; cause?: unknown } = {}
    while (error.reason !== 'gave-up') error = await next(socket, 'error')
    expect((error.cause as Error).message).toBe('signed out')
    expect(socket.state).toBe('closed')
  })
})
