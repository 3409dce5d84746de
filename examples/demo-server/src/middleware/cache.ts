/**
 * ETag and Cache-Control for list and detail GETs. The ETag is a digest of the JSON body, so
 * any change to the data changes it; a matching `If-None-Match` answers 304 with no body.
 */
import { createHash } from 'node:crypto'
import type { Next } from 'koa'
import type { AppContext } from '../state'

/** Seconds a client may reuse a list (lists change more often than single items). */
export const LIST_MAX_AGE = 10
/** Seconds a client may reuse a detail. */
export const DETAIL_MAX_AGE = 60

export function cacheable(maxAge: number) {
  return async function etag(ctx: AppContext, next: Next): Promise<void> {
    await next()
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.status !== 200) return
    if (ctx.body === undefined || ctx.body === null) return
    const tag = `"${createHash('sha1').update(JSON.stringify(ctx.body)).digest('base64url')}"`
    ctx.set('ETag', tag)
    ctx.set('Cache-Control', `private, max-age=${maxAge}`)
    if (matches(ctx.get('if-none-match'), tag)) {
      ctx.status = 304
      ctx.body = null
    }
  }
}

function matches(header: string, tag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)
}
