/**
 * Comments: `GET|POST /articles/:id/comments`, `GET|DELETE /comments/:id` and
 * `POST /comments/:id/reply`. Deleting a comment removes its replies; only the author or the
 * admin may delete.
 */
import Router from '@koa/router'
import { readObject } from '../body'
import { forbidden, notFound, ok } from '../envelope'
import { requireAuth } from '../middleware/auth'
import { cacheable, DETAIL_MAX_AGE, LIST_MAX_AGE } from '../middleware/cache'
import type { AppState, DemoState, ParamsCtx } from '../state'
import { type Comment, paginate } from '../store'
import { idParam, pageQuery, validate } from '../validate'

const CONTENT_RULE = { content: { type: 'string', required: true, min: 1, max: 2000 } } as const

export function commentRoutes(state: DemoState): Router<AppState> {
  const router = new Router<AppState>()
  const { store } = state
  const auth = requireAuth(state)

  const article = (ctx: ParamsCtx) => {
    const id = idParam(ctx.params.id)
    const found = store.article(id)
    if (!found) throw notFound('article', id)
    return found
  }
  const comment = (ctx: ParamsCtx) => {
    const id = idParam(ctx.params.id)
    const found = store.comment(id)
    if (!found) throw notFound('comment', id)
    return found
  }
  const add = (articleId: number, authorId: number, content: string, parentId: number | null) => {
    const created: Comment = {
      id: store.nextId('comment'),
      articleId,
      authorId,
      content,
      parentId,
      createdAt: new Date().toISOString(),
    }
    store.comments.push(created)
    return created
  }

  router.get('/articles/:id/comments', cacheable(LIST_MAX_AGE), (ctx) => {
    const { id } = article(ctx)
    const { page, limit } = pageQuery(ctx.query)
    ctx.body = ok(
      paginate(
        store.comments.filter((c) => c.articleId === id),
        page,
        limit,
      ),
    )
  })

  router.post('/articles/:id/comments', auth, async (ctx) => {
    const { id } = article(ctx)
    const { content } = validate(await readObject(ctx), CONTENT_RULE) as { content: string }
    ctx.status = 201
    ctx.body = ok(add(id, ctx.state.user!.id, content, null))
  })

  router.get('/comments/:id', cacheable(DETAIL_MAX_AGE), (ctx) => {
    ctx.body = ok(comment(ctx))
  })

  router.post('/comments/:id/reply', auth, async (ctx) => {
    const parent = comment(ctx)
    const { content } = validate(await readObject(ctx), CONTENT_RULE) as { content: string }
    ctx.status = 201
    ctx.body = ok(add(parent.articleId, ctx.state.user!.id, content, parent.id))
  })

  router.delete('/comments/:id', auth, (ctx) => {
    const found = comment(ctx)
    const me = ctx.state.user!
    if (found.authorId !== me.id && me.role !== 'admin') {
      throw forbidden(`user ${me.id} may not delete comment ${found.id}`)
    }
    store.removeComment(found.id)
    ctx.status = 204
  })

  return router
}
