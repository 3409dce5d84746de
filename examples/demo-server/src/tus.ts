/**
 * The tus endpoint at `/tus/`, served by @tus/server with a file store. @tus/server ignores
 * `X-HTTP-Method-Override`, so a POST meant as PATCH would be taken as a new upload; the
 * method-override middleware runs first and rewrites `req.method`, as tusd does on its own.
 */
import { FileStore } from '@tus/file-store'
import { Server } from '@tus/server'
import type { Next } from 'koa'
import { optionalAuth } from './middleware/auth'
import type { AppContext, DemoState } from './state'

/** Largest tus upload accepted. */
export const MAX_TUS_BYTES = 1024 * 1024 * 1024

export function tusMiddleware(state: DemoState) {
  const tus = new Server({
    path: '/tus',
    datastore: new FileStore({ directory: state.dirs.tus }),
    maxSize: MAX_TUS_BYTES,
  })
  const auth = optionalAuth(state)
  return async function tusEndpoint(ctx: AppContext, next: Next): Promise<void> {
    if (ctx.path !== '/tus' && !ctx.path.startsWith('/tus/')) return next()
    ctx.state.routeKey = ctx.path === '/tus' || ctx.path === '/tus/' ? '/tus/' : '/tus/:id'
    await auth(ctx, async () => {
      // Belt and braces: the override middleware already set it through `ctx.method`.
      ctx.req.method = ctx.method
      ctx.respond = false
      await tus.handle(ctx.req, ctx.res)
    })
  }
}
