/**
 * Going to the network for a cacheable request, then storing what came back. An entry the
 * cache already holds makes the request conditional (`If-None-Match`, `If-Modified-Since`):
 * a 304 refreshes the entry and answers with it. A failure within `staleIfError` answers with
 * the stale entry. Storing never fails the request (the storage tier skips what wx refuses).
 */
import {
  type Context,
  isHttpError,
  isMiniwireError,
  type MiniwireResponse,
  type Next,
} from '@miniwire/core'
import { type Entry, makeEntry, refreshEntry, toResponse } from './entry'
import type { ResolvedCacheOptions } from './options'
import type { CacheStore } from './store'

/** What one cacheable request is about. */
export interface Job {
  store: CacheStore
  key: string
  url: string
  scope: string
  /** The (expired or stale) entry the cache holds, if any. */
  entry: Entry | undefined
  options: ResolvedCacheOptions
}

/** Failures that a stale answer may stand in for: the network, not the request, failed. */
function networkFailed(error: unknown): boolean {
  if (isHttpError(error)) return error.status >= 500
  return isMiniwireError(error) && /^ERR_(NETWORK|TIMEOUT|INTERRUPTED)$/.test(error.code)
}

/** Adds the entry's validators unless the caller set its own. */
function makeConditional(ctx: Context, entry: Entry): void {
  const { etag, 'last-modified': modified } = entry.response.headers
  const headers = ctx.request.headers
  if (etag && !headers['if-none-match']) headers['if-none-match'] = etag
  if (modified && !headers['if-modified-since']) headers['if-modified-since'] = modified
}

/** The entry refreshed by a 304; the cached response answers. */
function revalidated(ctx: Context, job: Job, headers: Record<string, string>): MiniwireResponse {
  const entry = refreshEntry(job.entry!, headers, job.options, Date.now())
  job.store.set(entry, job.options.storage)
  ctx.state.cache = 'revalidated'
  return toResponse(entry)
}

/** Runs the inner onion once and stores the answer; resolves to the response to give. */
export async function fetchInto(
  ctx: Context,
  next: Next,
  job: Job,
  background: boolean,
): Promise<MiniwireResponse> {
  const { store, entry, options } = job
  if (entry) {
    store.stats.revalidations++
    makeConditional(ctx, entry)
  }
  const generation = store.generation
  try {
    await next({ background })
  } catch (error) {
    if (entry && isHttpError(error) && error.status === 304) {
      return revalidated(ctx, job, error.headers)
    }
    if (entry && Date.now() < entry.errorUntil && networkFailed(error)) {
      store.stats.staleHits++
      ctx.state.cache = 'stale'
      return toResponse(entry)
    }
    throw error
  }
  const response = ctx.response!
  if (entry && response.status === 304) return revalidated(ctx, job, response.headers)
  // An invalidation while this ran means the answer may already be out of date.
  if (generation === store.generation) {
    // Storing never throws: storage refusals are skipped inside.
    const fresh = makeEntry(response, job.key, job.url, job.scope, options, Date.now())
    if (fresh) store.set(fresh, options.storage)
    else store.delete(job.key)
  }
  return response
}
