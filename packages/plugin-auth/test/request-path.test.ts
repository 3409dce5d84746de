/**
 * The request path's shortcuts keep their meaning: the `auth` option is layered only when a
 * client or request gives one (so a client-wide `auth: false` still switches the plugin off),
 * and a storage of the app's own is called as a method (its `this` kept), also after a refresh
 * ahead of expiry.
 */
import { createClient } from '@miniwire/core'
import { auth, type TokenSet } from '@miniwire/plugin-auth'
import { describe, expect, it } from 'vitest'
import { createFakeRuntime } from './fake-runtime'

const ok = () => ({ statusCode: 200, data: { code: 0 } })

describe('the request path', () => {
  it('should send no token on a client made with auth: false, and send it when a request opts back in', async () => {
    const rt = createFakeRuntime(ok)
    rt.storage.set('miniwire:auth', { accessToken: 't1' })
    const client = createClient({
      wx: rt.wx,
      baseURL: 'https://api.test',
      auth: false,
      plugins: [auth()],
    })
    await client.get('/off')
    await client.get('/on', { auth: {} })
    expect(rt.sent).toEqual([undefined, 'Bearer t1'])
  })

  it('should call a storage of the app’s own as a method, also after a refresh ahead of expiry', async () => {
    const rt = createFakeRuntime(ok)
    const session = {
      tokens: { accessToken: 'old', expiresAt: Date.now() + 1000 } as TokenSet | undefined,
      get(this: { tokens: TokenSet | undefined }) {
        return this.tokens
      },
      set(this: { tokens: TokenSet | undefined }, tokens: TokenSet | undefined) {
        this.tokens = tokens
      },
    }
    const client = createClient({
      wx: rt.wx,
      baseURL: 'https://api.test',
      plugins: [auth({ storage: session, proactive: { skew: 5000 }, refresh: async () => 'new' })],
    })
    await client.get('/me')
    expect(rt.sent).toEqual(['Bearer new'])
    expect(session.tokens).toMatchObject({ accessToken: 'new' })
  })
})
