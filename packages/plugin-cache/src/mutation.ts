/**
 * Mutations invalidate what they make stale. A POST / PUT / PATCH / DELETE that succeeds drops
 * the cached answers its `onMutation` rule names (by default everything under the mutation's
 * first path segment: `PUT /articles/1` drops `/articles`, `/articles?page=2` and
 * `/articles/1`) and what its own `invalidates` names. umi-request cached GET only and left
 * mutations to the app (umi#3562).
 */
import { type Context, isAbsoluteURL, joinURL, type Next } from '@miniwire/core'
import type { Invalidation, ResolvedCacheOptions } from './options'
import { storeOf } from './store'

/**
 * The resource a request belongs to, as a URL prefix: its first path segment (with the origin
 * for an absolute URL): `/articles/1/like` → `/articles`, which drops `/articles`,
 * `/articles/1`, `/articles?page=2` (and `/articles-archive`: dropping too much only costs a
 * request).
 */
export const resourceOf = (url: string): string =>
  /^([a-z][a-z\d+\-.]*:\/\/[^/?#]*)?\/?[^/?#]*/i.exec(url)![0]

/** Runs the mutation; when it succeeded, drops what it made stale. */
export async function mutated(
  ctx: Context,
  next: Next,
  options: ResolvedCacheOptions,
): Promise<void> {
  await next()
  const { baseURL, url } = ctx.request
  const rule = options.onMutation
  try {
    const query = rule === 'resource' ? { prefix: resourceOf(url) } : rule && rule(ctx)
    if (query) storeOf(ctx.client.wx, options).invalidate(relativeTo(baseURL, query))
  } catch {
    // The mutation succeeded; the cache must not turn that into a failure.
  }
}

/** A relative `prefix` joined with the client's baseURL, as entries keep full URLs. */
export function relativeTo(baseURL: string, query: Invalidation): Invalidation {
  const prefix = query.prefix
  if (prefix === undefined || isAbsoluteURL(prefix)) return query
  return Object.assign({}, query, { prefix: joinURL(baseURL, prefix) })
}
