import { createClient, type Context } from '@miniwire/core'
import { auth, type AuthError, type TokenProvider } from '@miniwire/plugin-auth'
import { describe, expectTypeOf, it } from 'vitest'

const client = createClient({ plugins: [auth()] })

describe('declaration merging', () => {
  it('should accept auth: false and per-request auth options', () => {
    client.get('/x', { auth: false })
    client.post('/auth/refresh', { refreshToken: 'r' }, { auth: false })
    client.get('/x', { auth: { refresh: false, anyOrigin: true } })
    createClient({ auth: false })
  })

  it('should reject wrong auth option types', () => {
    // @ts-expect-error auth is false or an options object, not a string
    client.get('/x', { auth: 'none' })
    // @ts-expect-error auth: true is not an option (the plugin is on by default)
    client.get('/x', { auth: true })
    // @ts-expect-error refresh is a boolean
    client.get('/x', { auth: { refresh: 'no' } })
  })

  it('should type ctx.state.auth and the client events', () => {
    expectTypeOf<Context['state']['auth']>().toEqualTypeOf<{ refreshed: boolean } | undefined>()
    client.on('auth:failure', (event) => {
      expectTypeOf(event.error).toEqualTypeOf<AuthError>()
    })
  })
})

describe('token provider', () => {
  it('should expose the provider with its public signatures', () => {
    const plugin = auth({
      refresh: async ({ refreshToken }) => ({ accessToken: `a${refreshToken}` }),
    })
    expectTypeOf(plugin.tokens).toEqualTypeOf<TokenProvider>()
    expectTypeOf(plugin.tokens.getToken).returns.toEqualTypeOf<Promise<string | undefined>>()
    expectTypeOf(plugin.tokens.refresh).returns.toEqualTypeOf<Promise<string>>()
    expectTypeOf(plugin.tokens.onChange).returns.toEqualTypeOf<() => void>()
  })

  it('should reject a refresh function that resolves to something other than tokens', () => {
    // @ts-expect-error refresh must resolve to a token string or { accessToken }
    auth({ refresh: async () => 42 })
  })
})
