/**
 * What a new user tripped over in the first hour: a 401 that is the server's answer (a wrong
 * password) is not an expired token, `ERR_AUTH` keeps the server's refusal, `auth:refresh`
 * reports only refreshes, and every option is checked.
 */
import { hasErrorCode, isHttpError } from '@miniwire/core'
import { auth, DEFAULT_PUBLIC_PATHS, isAuthError } from '@miniwire/plugin-auth'
import { afterEach, describe, expect, it } from 'vitest'
import { startWorld, type World } from './world'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

const navigations = (w: World) => w.wx.$log.filter((e) => e.type === 'navigation')
const wrongPassword = (w: World) =>
  w.client.post('/auth/login', { username: 'demo', password: 'wrong' }).catch((e: unknown) => e)

describe('a 401 that is not an expired token', () => {
  it('should surface a wrong-password 401 at /auth/login as the server’s HttpError when signed out', async () => {
    world = await startWorld()
    const error = await wrongPassword(world)
    expect(isHttpError(error)).toBe(true)
    expect(error).toMatchObject({
      status: 401,
      data: { code: 40103, message: 'wrong username or password' },
    })
    expect(world.server.counters.refresh).toBe(0)
    expect(navigations(world)).toEqual([])
  })

  it('should spend no refresh on a wrong-password 401 when signed in', async () => {
    world = await startWorld()
    await world.signIn()
    const error = await wrongPassword(world)
    expect(isHttpError(error)).toBe(true)
    expect(world.server.counters.refresh).toBe(0)
    expect(navigations(world)).toEqual([])
    const login = world.server.requestLog.find((e) => e.path === '/auth/login')
    expect(login!.headers.authorization).toBeUndefined()
  })

  it('should treat the paths a user declares as public, and keep the defaults when spread', async () => {
    world = await startWorld({}, { publicPaths: [...DEFAULT_PUBLIC_PATHS, '/auth/me'] })
    const error = await world.client.get('/auth/me').catch((e: unknown) => e)
    expect(isHttpError(error)).toBe(true)
    expect(navigations(world)).toEqual([])
    expect(isHttpError(await wrongPassword(world))).toBe(true)
  })

  it('should give ERR_AUTH the request’s own 401 as cause when no refresh is possible (signed out)', async () => {
    world = await startWorld()
    const events: unknown[] = []
    world.client.on('auth:refresh', (event) => events.push(event))
    const error = await world.client.get('/auth/me').catch((e: unknown) => e)
    expect(isAuthError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'ERR_AUTH', reason: 'no-token' })
    const cause = (error as Error).cause
    expect(isHttpError(cause)).toBe(true)
    expect(cause).toMatchObject({ status: 401 })
    expect(events).toEqual([])
  })

  it('should emit auth:refresh only for a refresh that ran', async () => {
    world = await startWorld()
    const events: Array<{ ok: boolean }> = []
    world.client.on('auth:refresh', (event) => events.push(event))
    await world.signIn(0)
    await world.client.get('/auth/me')
    expect(events).toEqual([{ ok: true }])
  })
})

describe('option checks', () => {
  it('should refuse auth({ statusCodes: 401 }) when the plugin is made, naming the option', () => {
    expect(() => auth({ statusCodes: 401 as never })).toThrow(
      'auth(): auth.statusCodes must be an array of numbers, got 401',
    )
  })

  it('should refuse an unknown option instead of passing it silently', () => {
    let error: unknown
    try {
      auth({ loginPath: '/pages/login/login' } as never)
    } catch (caught) {
      error = caught
    }
    expect(hasErrorCode(error, 'ERR_INVALID_OPTION')).toBe(true)
    expect((error as Error).message).toMatch(/^auth\(\): unknown option auth\.loginPath \(known: /)
  })
})
