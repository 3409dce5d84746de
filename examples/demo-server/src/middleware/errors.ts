/**
 * Turns thrown errors into the business envelope with the right status, and unmatched routes
 * into a 404 envelope. Unexpected errors become 500 and are printed so they are not lost.
 */
import type { Next } from 'koa'
import { ApiError, Codes } from '../envelope'
import type { AppContext } from '../state'

export async function errorEnvelope(ctx: AppContext, next: Next): Promise<void> {
  try {
    await next()
    if (ctx.respond !== false && ctx.status === 404 && ctx.body === undefined) {
      ctx.status = 404
      ctx.body = {
        code: Codes.routeNotFound,
        message: `no route for ${ctx.method} ${ctx.path}`,
      }
    }
  } catch (err) {
    if (ctx.respond === false || ctx.res.headersSent) return
    if (err instanceof ApiError) {
      ctx.status = err.status
      ctx.set(err.headers)
      ctx.body =
        err.data === undefined
          ? { code: err.code, message: err.message }
          : { code: err.code, message: err.message, data: err.data }
      return
    }
    const status = (err as { status?: number }).status
    if (typeof status === 'number' && status >= 400 && status < 500) {
      ctx.status = status
      ctx.body = { code: status * 100, message: (err as Error).message }
      return
    }
    process.stderr.write(`demo-server: ${ctx.method} ${ctx.path} failed: ${(err as Error).stack}\n`)
    ctx.status = 500
    ctx.body = { code: Codes.internal, message: `internal error: ${(err as Error).message}` }
  }
}
