/**
 * `/articles`: list (page, limit, keyword, authorId, tag), detail, create (201), PUT, PATCH,
 * delete (204), and like / favorite (POST to set, DELETE to undo; both idempotent). Reads are
 * public but personalised (`liked`, `favorited`) when a token is sent.
 */
import Router from '@koa/router'
import { readObject } from '../body'
import { forbidden, notFound, ok, validationError } from '../envelope'
import { optionalAuth, requireAuth } from '../middleware/auth'
import { cacheable, DETAIL_MAX_AGE, LIST_MAX_AGE } from '../middleware/cache'
import type { AppContext, AppState, DemoState, ParamsCtx } from '../state'
import { type Article, type ArticleView, paginate } from '../store'
import { idParam, pageQuery, queryString, type Schema, validate } from '../validate'

const ARTICLE_RULES: Schema = {
  title: { type: 'string', required: true, min: 1, max: 100 },
  content: { type: 'string', required: true, min: 1, max: 20_000 },
  tags: { type: 'string[]', maxItems: 10 },
}

export function articleRoutes(state: DemoState): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/articles' })
  const { store } = state
  const auth = requireAuth(state)
  const maybeAuth = optionalAuth(state)

  const target = (ctx: ParamsCtx): Article => {
    const id = idParam(ctx.params.id)
    const article = store.article(id)
    if (!article) throw notFound('article', id)
    return article
  }
  const mayEdit = (ctx: ParamsCtx, article: Article): void => {
    const me = ctx.state.user!
    if (me.id !== article.authorId && me.role !== 'admin') {
      throw forbidden(`user ${me.id} may not change article ${article.id}`)
    }
  }
  const view = (article: Article, viewer?: number): ArticleView => {
    const { likedBy, favoritedBy, ...rest } = article
    return {
      ...rest,
      likes: likedBy.length,
      favorites: favoritedBy.length,
      liked: viewer !== undefined && likedBy.includes(viewer),
      favorited: viewer !== undefined && favoritedBy.includes(viewer),
      commentCount: store.comments.filter((c) => c.articleId === article.id).length,
    }
  }

  router.get('/', maybeAuth, cacheable(LIST_MAX_AGE), (ctx) => {
    const { page, limit } = pageQuery(ctx.query)
    const keyword = queryString(ctx.query.keyword)?.toLowerCase()
    const tag = queryString(ctx.query.tag)
    const authorId = queryString(ctx.query.authorId)
    const found = store.articles.filter(
      (a) =>
        (!keyword || `${a.title}\n${a.content}`.toLowerCase().includes(keyword)) &&
        (!tag || a.tags.includes(tag)) &&
        (!authorId || String(a.authorId) === authorId),
    )
    ctx.body = ok(
      paginate(
        found.map((a) => view(a, ctx.state.user?.id)),
        page,
        limit,
      ),
    )
  })

  router.get('/:id', maybeAuth, cacheable(DETAIL_MAX_AGE), (ctx) => {
    ctx.body = ok(view(target(ctx), ctx.state.user?.id))
  })

  router.post('/', auth, async (ctx) => {
    const body = validate(await readObject(ctx), ARTICLE_RULES)
    const now = new Date().toISOString()
    const article: Article = {
      id: store.nextId('article'),
      title: body.title as string,
      content: body.content as string,
      tags: (body.tags as string[] | undefined) ?? [],
      authorId: ctx.state.user!.id,
      likedBy: [],
      favoritedBy: [],
      createdAt: now,
      updatedAt: now,
    }
    store.articles.push(article)
    ctx.status = 201
    ctx.set('Location', `/articles/${article.id}`)
    ctx.body = ok(view(article, article.authorId))
  })

  const update = (partial: boolean) =>
    async function updateArticle(ctx: AppContext & ParamsCtx) {
      const article = target(ctx)
      mayEdit(ctx, article)
      const body = validate(await readObject(ctx), ARTICLE_RULES, partial)
      if (partial && Object.keys(body).length === 0) {
        throw validationError({ body: 'send at least one of title, content, tags' })
      }
      if (!partial) body.tags ??= []
      Object.assign(article, body, { updatedAt: new Date().toISOString() })
      ctx.body = ok(view(article, ctx.state.user!.id))
    }
  router.put('/:id', auth, update(false))
  router.patch('/:id', auth, update(true))

  router.delete('/:id', auth, (ctx) => {
    const article = target(ctx)
    mayEdit(ctx, article)
    store.removeArticle(article.id)
    ctx.status = 204
  })

  for (const [path, list, flag, count] of [
    ['like', 'likedBy', 'liked', 'likes'],
    ['favorite', 'favoritedBy', 'favorited', 'favorites'],
  ] as const) {
    router.post(`/:id/${path}`, auth, (ctx) => {
      const article = target(ctx)
      const me = ctx.state.user!.id
      if (!article[list].includes(me)) article[list].push(me)
      ctx.body = ok({ [flag]: true, [count]: article[list].length })
    })
    router.delete(`/:id/${path}`, auth, (ctx) => {
      const article = target(ctx)
      const me = ctx.state.user!.id
      article[list] = article[list].filter((id) => id !== me)
      ctx.body = ok({ [flag]: false, [count]: article[list].length })
    })
  }

  return router
}
