/**
 * `/users`: list (page, limit, keyword), detail, `/users/me`, create (201), replace (PUT),
 * partial update (PATCH, also reachable as POST + X-HTTP-Method-Override) and delete (204).
 * Reads are public; writes need a token, and changing another user needs the admin (`demo`).
 */
import Router from '@koa/router'
import { readObject } from '../body'
import { forbidden, notFound, ok, validationError } from '../envelope'
import { requireAuth } from '../middleware/auth'
import { cacheable, DETAIL_MAX_AGE, LIST_MAX_AGE } from '../middleware/cache'
import type { AppState, DemoState, ParamsCtx } from '../state'
import { paginate, publicUser, type UserRecord } from '../store'
import { idParam, pageQuery, queryString, validate } from '../validate'
import { addUser } from './auth'
import { PASSWORD_RULE, PROFILE_RULES, USERNAME_RULE } from './user-rules'

export function userRoutes(state: DemoState): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/users' })
  const { store } = state
  const auth = requireAuth(state)

  const target = (ctx: ParamsCtx): UserRecord => {
    const id = idParam(ctx.params.id)
    const user = store.user(id)
    if (!user) throw notFound('user', id)
    return user
  }
  const mayEdit = (ctx: ParamsCtx, user: UserRecord): void => {
    const me = ctx.state.user!
    if (me.id !== user.id && me.role !== 'admin') {
      throw forbidden(`user ${me.id} may not change user ${user.id}`)
    }
  }

  router.get('/', cacheable(LIST_MAX_AGE), (ctx) => {
    const { page, limit } = pageQuery(ctx.query)
    const keyword = queryString(ctx.query.keyword)?.toLowerCase()
    const users = keyword
      ? store.users.filter((u) =>
          [u.username, u.nickname, u.email].some((s) => s.toLowerCase().includes(keyword)),
        )
      : store.users
    ctx.body = ok(paginate(users.map(publicUser), page, limit))
  })

  router.get('/me', auth, cacheable(DETAIL_MAX_AGE), (ctx) => {
    ctx.body = ok(publicUser(ctx.state.user!))
  })

  router.get('/:id', cacheable(DETAIL_MAX_AGE), (ctx) => {
    ctx.body = ok(publicUser(target(ctx)))
  })

  router.post('/', auth, async (ctx) => {
    const body = validate(await readObject(ctx), {
      username: USERNAME_RULE,
      password: PASSWORD_RULE,
      ...PROFILE_RULES,
    })
    if (store.userByName(body.username as string)) {
      throw validationError({ username: 'username is already taken' })
    }
    const user = addUser(state, body)
    ctx.status = 201
    ctx.set('Location', `/users/${user.id}`)
    ctx.body = ok(publicUser(user))
  })

  router.put('/:id', auth, async (ctx) => {
    const user = target(ctx)
    mayEdit(ctx, user)
    const body = validate(await readObject(ctx), {
      ...PROFILE_RULES,
      nickname: { ...PROFILE_RULES.nickname, required: true },
    })
    user.nickname = body.nickname as string
    user.email = (body.email as string | undefined) ?? ''
    user.avatar = (body.avatar as string | undefined) ?? ''
    user.bio = (body.bio as string | undefined) ?? ''
    user.updatedAt = new Date().toISOString()
    ctx.body = ok(publicUser(user))
  })

  router.patch('/:id', auth, async (ctx) => {
    const user = target(ctx)
    mayEdit(ctx, user)
    const body = validate(await readObject(ctx), PROFILE_RULES, true)
    if (Object.keys(body).length === 0) {
      throw validationError({
        body: `send at least one of ${Object.keys(PROFILE_RULES).join(', ')}`,
      })
    }
    Object.assign(user, body, { updatedAt: new Date().toISOString() })
    ctx.body = ok(publicUser(user))
  })

  router.delete('/:id', auth, (ctx) => {
    const user = target(ctx)
    mayEdit(ctx, user)
    store.removeUser(user.id)
    ctx.status = 204
  })

  return router
}
