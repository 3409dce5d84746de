/**
 * Single-flight semantics on a scripted wx: who waits, who refreshes, who replays, who fails.
 * The network-facing versions of these run against the demo server in refresh.test.ts.
 */
import { createClient, hasErrorCode, isAbortError, createAbortController } from '@miniwire/core'
import { auth, isAuthError, type AuthOptions, type TokenInput } from '@miniwire/plugin-auth'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { authHeader, createFakeRuntime, deferred } from './fake-runtime'

const KEY = 'miniwire:auth'

/** A server that accepts only the tokens in `valid`; `hold` keeps chosen answers open. */
function setup(options: AuthOptions = {}, valid = new Set(['fresh'])) {
  const holds: Array<{ token: string | undefined; release: () => void }> = []
  let holdNext = 0
  const rt = createFakeRuntime(async (o) => {
    const token = authHeader(o)?.replace('Bearer ', '')
    if (holdNext > 0) {
      holdNext--
      await new Promise<void>((release) => holds.push({ token, release }))
    }
    return token && valid.has(token)
      ? { statusCode: 200, data: { code: 0, data: { url: o.url, token } } }
      : { statusCode: 401, data: { code: 40101 } }
  })
  rt.storage.set(KEY, { accessToken: 'stale', refreshToken: 'r1' })
  const refresh = vi.fn<(ctx: { refreshToken: string | undefined }) => Promise<TokenInput>>(
    async () => ({ accessToken: 'fresh', refreshToken: 'r2' }),
  )
  const plugin = auth({ refresh, ...options })
  const client = createClient({ wx: rt.wx, baseURL: 'https://api.test', plugins: [plugin] })
  return { rt, client, plugin, refresh, holds, hold: (n: number) => (holdNext = n) }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

afterEach(() => {
  vi.useRealTimers()
})

describe('single flight', () => {
  it('should share one refresh among concurrent 401s and replay each once with the new token', async () => {
    const { rt, client, refresh } = setup()
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => client.get(`/items/${i}`)),
    )
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(refresh.mock.calls[0]![0].refreshToken).toBe('r1')
    expect(results).toHaveLength(10)
    expect(rt.calls).toHaveLength(20)
    expect(rt.sent.slice(0, 10)).toEqual(Array(10).fill('Bearer stale'))
    expect(rt.sent.slice(10)).toEqual(Array(10).fill('Bearer fresh'))
    expect(rt.storage.get(KEY)).toEqual({ accessToken: 'fresh', refreshToken: 'r2' })
  })

  it('should make requests started during a refresh wait for it and send the new token', async () => {
    const { rt, client, refresh, plugin } = setup()
    const gate = deferred<TokenInput>()
    refresh.mockImplementationOnce(() => gate.promise)
    const first = client.get('/a')
    await vi.waitFor(() => expect(plugin.tokens.refreshing).toBe(true))
    const later = [client.get('/b'), client.get('/c'), plugin.tokens.getToken()]
    await settle()
    expect(rt.calls).toHaveLength(1)
    gate.resolve({ accessToken: 'fresh' })
    const [, , token] = await Promise.all([...later, first])
    expect(token).toBe('fresh')
    expect(rt.sent).toEqual(['Bearer stale', 'Bearer fresh', 'Bearer fresh', 'Bearer fresh'])
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('should replay a late 401 with the already refreshed token instead of refreshing again', async () => {
    const { client, refresh, holds, hold } = setup()
    hold(1)
    const slow = client.get('/slow')
    await vi.waitFor(() => expect(holds).toHaveLength(1))
    await client.get('/fast')
    expect(refresh).toHaveBeenCalledTimes(1)
    holds[0]!.release()
    await expect(slow).resolves.toMatchObject({ data: { token: 'fresh' } })
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('should fail instead of looping when the replay is refused again', async () => {
    const { client, refresh } = setup()
    refresh.mockResolvedValue('also-refused')
    const error = await client.get('/me').catch((e: unknown) => e)
    expect(isAuthError(error)).toBe(true)
    expect(error).toMatchObject({
      reason: 'still-unauthorized',
      request: { method: 'GET', url: '/me' },
    })
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('should start a new refresh for a later expiry', async () => {
    const valid = new Set(['fresh'])
    const { client, refresh } = setup({}, valid)
    await client.get('/one')
    valid.delete('fresh')
    valid.add('fresher')
    refresh.mockResolvedValueOnce('fresher')
    await expect(client.get('/two')).resolves.toMatchObject({ data: { token: 'fresher' } })
    expect(refresh).toHaveBeenCalledTimes(2)
  })

  it('should let tokens stored during a refresh (a login) win over what the refresh gives', async () => {
    const { rt, client, refresh, plugin } = setup({}, new Set(['login', 'fresh']))
    const gate = deferred<TokenInput>()
    refresh.mockImplementationOnce(() => gate.promise)
    const pending = client.get('/me')
    await vi.waitFor(() => expect(plugin.tokens.refreshing).toBe(true))
    await plugin.tokens.setTokens({ accessToken: 'login', refreshToken: 'r-login' })
    gate.resolve({ accessToken: 'fresh', refreshToken: 'r2' })
    await expect(pending).resolves.toMatchObject({ data: { token: 'login' } })
    expect(rt.storage.get(KEY)).toMatchObject({ accessToken: 'login', refreshToken: 'r-login' })
  })

  it('should let tokens stored during a refresh win over its failure, with no trip to the login page', async () => {
    const { rt, client, refresh, plugin } = setup({}, new Set(['login']))
    const gate = deferred<TokenInput>()
    refresh.mockImplementationOnce(() => gate.promise)
    const pending = client.get('/me')
    await vi.waitFor(() => expect(plugin.tokens.refreshing).toBe(true))
    await plugin.tokens.setTokens('login')
    gate.reject(new Error('refresh endpoint down'))
    await expect(pending).resolves.toMatchObject({ data: { token: 'login' } })
    await settle()
    expect(rt.navigations).toEqual([])
  })
})

describe('refresh failure', () => {
  it('should reject every waiter with ERR_AUTH and run onAuthFailure once', async () => {
    const { rt, client, refresh } = setup()
    refresh.mockRejectedValue(new Error('refresh endpoint down'))
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => client.get('/me')))
    for (const r of results) {
      expect(r.status).toBe('rejected')
      const reason = (r as PromiseRejectedResult).reason
      expect(hasErrorCode(reason, 'ERR_AUTH')).toBe(true)
      expect(reason.message).toBe('GET /me: token refresh failed: refresh endpoint down')
    }
    await settle()
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(rt.navigations).toEqual([{ method: 'reLaunch', url: '/pages/login/login' }])
    expect(rt.storage.has(KEY)).toBe(false)
  })

  it('should turn a refresh that throws synchronously into ERR_AUTH', async () => {
    const { client } = setup({
      refresh: () => {
        throw new TypeError('cannot read refreshToken of undefined')
      },
    })
    await expect(client.get('/me')).rejects.toMatchObject({
      code: 'ERR_AUTH',
      reason: 'refresh-failed',
      cause: expect.any(TypeError),
    })
  })

  it('should fail with a message naming what a refresh resolved to when it carries no token', async () => {
    const { client, refresh } = setup()
    refresh.mockResolvedValue({ code: 40102 } as never)
    await expect(client.get('/me')).rejects.toThrow(
      'refresh() must give a token string or { accessToken }, got an object without accessToken',
    )
  })

  it('should fail a refresh that never settles after refreshTimeout, leaving no waiter hanging', async () => {
    vi.useFakeTimers()
    const { rt, client } = setup({ refresh: () => new Promise(() => {}), refreshTimeout: 5000 })
    const all = Promise.allSettled([client.get('/a'), client.get('/b')])
    await vi.advanceTimersByTimeAsync(5000)
    const results = await all
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect((results[0] as PromiseRejectedResult).reason.message).toContain(
      'timed out after 5000 ms',
    )
    expect(rt.navigations).toHaveLength(1)
  })

  it('should not redirect again for a late 401 that arrives after the failure', async () => {
    const { rt, client, refresh, holds, hold } = setup()
    refresh.mockRejectedValue(new Error('down'))
    hold(1)
    const slow = client.get('/slow').catch((e: unknown) => e)
    await vi.waitFor(() => expect(holds).toHaveLength(1))
    await expect(client.get('/fast')).rejects.toMatchObject({ code: 'ERR_AUTH' })
    holds[0]!.release()
    expect(await slow).toMatchObject({ code: 'ERR_AUTH' })
    await settle()
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(rt.navigations).toHaveLength(1)
  })

  it('should call a custom onAuthFailure once with the error and leave navigation to it', async () => {
    const onAuthFailure = vi.fn()
    const { rt, client, refresh } = setup({ onAuthFailure })
    refresh.mockRejectedValue(new Error('down'))
    await Promise.allSettled([client.get('/a'), client.get('/b'), client.get('/c')])
    expect(onAuthFailure).toHaveBeenCalledTimes(1)
    expect(onAuthFailure.mock.calls[0]![0].error).toMatchObject({ code: 'ERR_AUTH' })
    expect(rt.navigations).toEqual([])
  })
})

describe('request state', () => {
  it('should record on ctx.state.auth whether a request was replayed with a refreshed token', async () => {
    const { client } = setup()
    const seen: unknown[] = []
    client.use(
      async function record(ctx, next) {
        await next()
        seen.push({ url: ctx.request.url, auth: ctx.state.auth })
      },
      { stage: 'loading' },
    )
    await client.get('/refused-then-replayed')
    await client.get('/accepted')
    expect(seen).toEqual([
      { url: '/refused-then-replayed', auth: { refreshed: true } },
      { url: '/accepted', auth: { refreshed: false } },
    ])
  })
})

describe('waiting', () => {
  it('should reject an aborted waiter at once without cancelling the shared refresh', async () => {
    const { client, refresh, plugin } = setup()
    const gate = deferred<TokenInput>()
    refresh.mockImplementationOnce(() => gate.promise)
    const controller = createAbortController()
    const kept = client.get('/kept')
    const dropped = client.get('/dropped', { signal: controller.signal })
    await vi.waitFor(() => expect(plugin.tokens.refreshing).toBe(true))
    controller.abort()
    const error = await dropped.catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    gate.resolve('fresh')
    await expect(kept).resolves.toMatchObject({ data: { token: 'fresh' } })
  })
})

describe('token provider', () => {
  it('should return the newer token from refresh({ stale }) without refreshing again', async () => {
    const { client, refresh, plugin } = setup()
    await client.get('/warm')
    expect(await plugin.tokens.refresh({ stale: 'stale' })).toBe('fresh')
    expect(refresh).toHaveBeenCalledTimes(1)
    refresh.mockResolvedValueOnce('forced')
    expect(await plugin.tokens.refresh()).toBe('forced')
    expect(refresh).toHaveBeenCalledTimes(2)
  })

  it('should tell onChange listeners about refreshed, set and cleared tokens', async () => {
    const { client, plugin } = setup()
    const seen: Array<string | undefined> = []
    const off = plugin.tokens.onChange((token) => seen.push(token))
    await client.get('/x')
    await plugin.tokens.setTokens({ accessToken: 'manual', expiresIn: 60 })
    await plugin.tokens.clear()
    off()
    await plugin.tokens.setTokens('unseen')
    expect(seen).toEqual(['fresh', 'manual', undefined])
  })
})

describe('bad options', () => {
  it('should refuse tokens together with provider options', () => {
    const { plugin } = setup()
    expect(() => auth({ tokens: plugin.tokens, refresh: async () => 'x' })).toThrow(
      /pass either tokens or provider options/,
    )
  })

  it('should name an origins entry that is not an absolute URL', () => {
    expect(() => auth({ origins: ['api.example.com'] })).toThrow(
      `origins entry "api.example.com" is not an absolute URL`,
    )
  })

  it('should refuse setTokens() input without an access token as ERR_INVALID_OPTION, keeping the stored tokens', async () => {
    const { rt, plugin } = setup()
    const error = await plugin.tokens.setTokens({ refreshToken: 'r9' } as never).catch((e) => e)
    expect(hasErrorCode(error, 'ERR_INVALID_OPTION')).toBe(true)
    expect((error as Error).message).toBe(
      'setTokens() must give a token string or { accessToken }, got an object without accessToken',
    )
    expect(rt.storage.get(KEY)).toEqual({ accessToken: 'stale', refreshToken: 'r1' })
  })

  it('should say which storage call the runtime lacks', async () => {
    const rt = createFakeRuntime(() => ({ statusCode: 200 }))
    const bare = { request: rt.wx.request } as unknown as WechatMiniprogram.Wx
    const client = createClient({ wx: bare, baseURL: 'https://api.test', plugins: [auth()] })
    await expect(client.get('/x')).rejects.toThrow('the wx runtime has no getStorageSync')
  })
})
