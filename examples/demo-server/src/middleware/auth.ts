/**
 * Access-token checks. `requireAuth` refuses a missing, malformed or expired token with code
 * 40101 (HTTP 401, or HTTP 200 when the server runs with `expiredTokenResponse: 'business'`).
 * `optionalAuth` lets anonymous callers through but still refuses a bad token that was sent,
 * so an expired token mid-upload is noticed rather than silently ignored.
 */
import type { Next } from 'koa'
import { ApiError, Codes } from '../envelope'
import type { AppContext, DemoState } from '../state'

function bearer(ctx: AppContext): string | undefined {
  const header = ctx.get('authorization')
  const match = /^Bearer\s+(.+)$/i.exec(header)
  return match ? match[1]!.trim() : undefined
}

function refuse(state: DemoState, message: string): ApiError {
  const status = state.options.expiredTokenResponse === 'business' ? 200 : 401
  return new ApiError(status, Codes.accessToken, message, undefined, {
    'WWW-Authenticate': 'Bearer error="invalid_token"',
  })
}

/** Verifies `token` and returns the user, or throws the 40101 refusal. */
export function authenticate(state: DemoState, token: string | undefined) {
  if (!token) throw refuse(state, 'access token required')
  const result = state.tokens.verify(token, 'access')
  if (!result.ok) throw refuse(state, `access token ${result.reason}`)
  const user = state.store.user(result.claims.sub)
  if (!user) throw refuse(state, 'access token names a user that no longer exists')
  return user
}

export function requireAuth(state: DemoState) {
  return async function requireAccessToken(ctx: AppContext, next: Next): Promise<void> {
    ctx.state.user = authenticate(state, bearer(ctx))
    await next()
  }
}

export function optionalAuth(state: DemoState) {
  return async function optionalAccessToken(ctx: AppContext, next: Next): Promise<void> {
    const token = bearer(ctx)
    if (token !== undefined) ctx.state.user = authenticate(state, token)
    await next()
  }
}
