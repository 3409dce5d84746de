/**
 * `/auth/*`: password and WeChat-code login, register, refresh with rotation, logout, password
 * change and reset. Refresh obeys the test switches (fail in a chosen way, answer late) and is
 * counted so tests can prove a client refreshed once for many 401s.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import Router from '@koa/router'
import { readObject } from '../body'
import { ApiError, Codes, ok, validationError } from '../envelope'
import { requireAuth } from '../middleware/auth'
import type { AppState, DemoState } from '../state'
import { publicUser, type UserRecord } from '../store'
import { validate } from '../validate'
import { USERNAME_RULE, PASSWORD_RULE, EMAIL_RULE } from './user-rules'

export function authRoutes(state: DemoState): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/auth' })
  const { store, tokens, counters } = state

  router.post('/login', async (ctx) => {
    counters.login++
    const body = validate(await readObject(ctx), {
      username: { type: 'string', required: true },
      password: { type: 'string', required: true },
    })
    const user = store.userByName(body.username as string)
    if (!user || user.password !== body.password) {
      throw new ApiError(401, Codes.credentials, 'wrong username or password')
    }
    ctx.body = ok(tokens.issue(user.id))
  })

  router.post('/wx-login', async (ctx) => {
    counters.login++
    const { code } = validate(await readObject(ctx), {
      code: { type: 'string', required: true, max: 128 },
    }) as { code: string }
    if (store.usedWxCodes.has(code)) {
      throw new ApiError(400, Codes.codeUsed, `wx login code "${code}" was already used`)
    }
    store.usedWxCodes.add(code)
    const username = `wx_${code.replace(/[^A-Za-z0-9_]/g, '').slice(0, 12) || 'user'}`
    const user = store.userByName(username) ?? addUser(state, { username, nickname: '微信用户' })
    ctx.body = ok(tokens.issue(user.id))
  })

  router.post('/register', async (ctx) => {
    const body = validate(await readObject(ctx), {
      username: USERNAME_RULE,
      password: PASSWORD_RULE,
      nickname: { type: 'string', max: 30 },
      email: EMAIL_RULE,
    })
    if (store.userByName(body.username as string)) {
      throw validationError({ username: 'username is already taken' })
    }
    const user = addUser(state, body)
    ctx.status = 201
    ctx.body = ok({ user: publicUser(user), ...tokens.issue(user.id) })
  })

  router.post('/refresh', async (ctx) => {
    counters.refresh++
    const { refreshDelayMs, failRefresh } = state.switches
    if (refreshDelayMs > 0) await sleep(refreshDelayMs)
    if (failRefresh === 'http500')
      throw new ApiError(500, Codes.internal, 'refresh failed (test switch)')
    if (failRefresh === 'http401')
      throw new ApiError(401, Codes.refreshToken, 'refresh token rejected (test switch)')
    if (failRefresh === 'business') {
      ctx.body = { code: Codes.refreshToken, message: 'refresh token rejected (test switch)' }
      return
    }
    const body = await readObject(ctx)
    const token = typeof body.refreshToken === 'string' ? body.refreshToken : ''
    if (!token) throw new ApiError(401, Codes.refreshToken, 'refreshToken is required')
    const result = tokens.verify(token, 'refresh')
    if (!result.ok) throw new ApiError(401, Codes.refreshToken, `refresh token ${result.reason}`)
    if (!store.user(result.claims.sub))
      throw new ApiError(
        401,
        Codes.refreshToken,
        'refresh token names a user that no longer exists',
      )
    tokens.revoke(result.claims.jti)
    ctx.body = ok(tokens.issue(result.claims.sub))
  })

  router.post('/logout', async (ctx) => {
    const body = await readObject(ctx)
    if (typeof body.refreshToken === 'string') {
      const result = tokens.verify(body.refreshToken, 'refresh')
      if (result.ok) tokens.revoke(result.claims.jti)
    }
    ctx.body = ok(null)
  })

  router.get('/me', requireAuth(state), (ctx) => {
    ctx.body = ok(publicUser(ctx.state.user!))
  })

  router.post('/change-password', requireAuth(state), async (ctx) => {
    const body = validate(await readObject(ctx), {
      oldPassword: { type: 'string', required: true },
      newPassword: PASSWORD_RULE,
    })
    const user = ctx.state.user!
    if (body.oldPassword !== user.password) {
      throw validationError({ oldPassword: 'oldPassword is wrong' })
    }
    if (body.newPassword === user.password) {
      throw validationError({ newPassword: 'newPassword must differ from the old one' })
    }
    user.password = body.newPassword as string
    user.updatedAt = new Date().toISOString()
    ctx.body = ok(null)
  })

  router.post('/forgot-password', async (ctx) => {
    const body = validate(await readObject(ctx), { email: EMAIL_RULE })
    if (!body.email) throw validationError({ email: 'email is required' })
    // The answer is the same whether or not the address is known, as a real backend's is.
    ctx.body = ok({ sent: true })
  })

  return router
}

/** Creates a user from validated fields. */
export function addUser(state: DemoState, fields: Record<string, unknown>): UserRecord {
  const now = new Date().toISOString()
  const username = fields.username as string
  const user: UserRecord = {
    id: state.store.nextId('user'),
    username,
    password: (fields.password as string | undefined) ?? '',
    nickname: (fields.nickname as string | undefined) ?? username,
    role: 'user',
    email: (fields.email as string | undefined) ?? '',
    avatar: (fields.avatar as string | undefined) ?? '',
    bio: (fields.bio as string | undefined) ?? '',
    createdAt: now,
    updatedAt: now,
  }
  state.store.users.push(user)
  return user
}
