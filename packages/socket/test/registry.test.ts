/**
 * wx's 5 sockets: one connection per key (the URL by default) shared by every page on a
 * runtime, counted by reference and closed when the last page releases it; a sixth refused.
 */
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { createSocket, isSocketError, MAX_SOCKETS, type Socket } from '../src'
import { next, useSockets } from './helpers'

const env = useIntegration()
const { keep } = useSockets(env)

const page = (url: string): Socket => keep(createSocket({ wx: env.wx, url, heartbeat: false }))

describe('the socket registry', () => {
  it('should share one connection per URL across pages and close it when the last page releases it', async () => {
    const url = `${env.server.wsUrl}?token=${env.server.issueTokens().accessToken}`
    const home = page(url)
    await next(home, 'open')
    const chat = page(url)
    expect(chat.connected).toBe(true)
    expect(env.server.control.socketCount()).toBe(1)
    const homeMessages: unknown[] = []
    home.on('message', (m) => homeMessages.push(m))
    home.release() // the home page unloads: its listeners go, the connection stays
    home.release() // a second release of the same handle counts once
    const echoed = next(chat, 'chat')
    chat.send({ type: 'chat', text: 'still here' })
    await echoed
    expect(homeMessages).toEqual([])
    expect(chat.connected).toBe(true)
    chat.release()
    expect(chat.state).toBe('closed')
    await expect.poll(() => env.server.control.socketCount()).toBe(0)
  })

  it('should refuse a sixth socket with a clear error, and accept it once one is released', async () => {
    const token = env.server.issueTokens().accessToken
    const url = (n: number) => `${env.server.wsUrl}?token=${token}&n=${n}`
    const five = [1, 2, 3, 4, 5].map((n) => page(url(n)))
    await Promise.all(five.map((s) => next(s, 'open')))
    let error: unknown
    try {
      page(url(6))
    } catch (e) {
      error = e
    }
    expect(isSocketError(error) && error.reason).toBe('limit')
    expect((error as Error).message).toContain(`wx allows ${MAX_SOCKETS} sockets`)
    five[0]!.release()
    const sixth = page(url(6))
    await next(sixth, 'open')
    expect(env.server.control.socketCount()).toBe(5)
  })
})
