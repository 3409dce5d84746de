/**
 * Mini programs cannot send PATCH, so clients send POST with `X-HTTP-Method-Override`. Koa's
 * `ctx.method` setter writes through to `req.method`, so the router and the tus handler (which
 * reads the raw request) both see the overridden method.
 */
import type { Next } from 'koa'
import { ApiError, Codes } from '../envelope'
import type { AppContext } from '../state'

const ALLOWED = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

export async function methodOverride(ctx: AppContext, next: Next): Promise<void> {
  const header = ctx.get('x-http-method-override')
  if (header && ctx.method === 'POST') {
    const method = header.trim().toUpperCase()
    if (!ALLOWED.has(method)) {
      throw new ApiError(
        400,
        Codes.badRequest,
        `X-HTTP-Method-Override must be one of ${[...ALLOWED].join(', ')}; got "${header}"`,
      )
    }
    ctx.state.originalMethod = ctx.method
    ctx.method = method
  }
  await next()
}
