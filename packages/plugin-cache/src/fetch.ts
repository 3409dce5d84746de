/**
 * Going to the network for a cacheable request, then storing what came back. An entry the
 * cache already holds makes the request conditional (`If-None-Match`, `If-Modified-Since`):
 * a 304 refreshes the entry and answers with it. A failure within `staleIfError` answers with
 * the stale entry. Storing never fails the request (the storage tier skips what wx refuses).
 *
 * Every miss takes this path, so a run is one `then` on the inner onion: it stores the answer,
 * leaves the in-flight list and hands the response to the callers that joined it, with no
 * async function or second promise around it.
 */
import {
  type Context,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  type Next,
} from '@miniwire/core'
import { type Entry, makeEntry, serverLifetime, setTimes, toResponse } from './entry'
import { land } from './flight'
import type { ResolvedCacheOptions } from './options'
import type { CacheStore } from './store'

/**
 * What one cacheable request is about. While its run is a flight (in the store's in-flight
 * list), identical requests wait for `run` and copy `ctx.response`.
 */
export interface Job {
  ctx: Context
  store: CacheStore
  key: string
  url: string
  scope: string
  /** The (expired or stale) entry the cache holds, if any. */
  entry: Entry | undefined
  options: ResolvedCacheOptions
  /** When the request asked (ms since the epoch): an answer's lifetime counts from then. */
  now: number
  /** The run of the inner onion, once started. */
  run: Promise<void> | undefined
}

/** One object for every background run (the onion only reads it). */
const BACKGROUND = { background: true }

/** Failures that a stale answer may stand in for: the network or the server, not the request, failed. */
function networkFailed(error: unknown): boolean {
  if (isHttpError(error)) return error.status >= 500
  return isNetworkError(error) || isTimeoutError(error)
}

/** Adds the entry's validators unless the caller set its own. */
function makeConditional(ctx: Context, entry: Entry): void {
  const { etag, 'last-modified': modified } = entry.headers
  const headers = ctx.request.headers
  if (etag && !headers['if-none-match']) headers['if-none-match'] = etag
  if (modified && !headers['if-modified-since']) headers['if-modified-since'] = modified
}

/** The entry refreshed by a 304; the cached response answers. */
function revalidated(job: Job, headers: Record<string, string>): void {
  // no-store on a 304 does not undo the entry: the lifetime is the ttl or the default then.
  const server = serverLifetime(headers)
  const entry = setTimes(job.entry!, Date.now(), server === -1 ? undefined : server, job.options)
  job.store.set(entry, job.options.storage)
  job.ctx.state.cache = 'revalidated'
  job.ctx.response = toResponse(entry)
}

/**
 * Runs the inner onion once and stores the answer; resolves once `ctx.response` is the
 * answer to give. With `shared` the run is the key's flight until it settles, for identical
 * requests to join.
 */
export function fetchInto(
  job: Job,
  next: Next,
  background: boolean,
  shared: boolean,
): Promise<void> {
  const { ctx, store, key, entry, options } = job
  if (entry) {
    store.stats.revalidations++
    makeConditional(ctx, entry)
  }
  const generation = store.generation
  const run = next(background ? BACKGROUND : undefined).then(
    () => {
      // The flight ends first: nothing below waits, so no request can join it meanwhile.
      land(store.flights, job)
      const response = ctx.response!
      if (entry && response.status === 304) revalidated(job, response.headers)
      // An invalidation while this ran means the answer may already be out of date.
      else if (generation === store.generation) {
        // Storing never throws: storage refusals are skipped inside.
        const fresh = makeEntry(response, key, job.url, job.scope, options, job.now)
        if (fresh) store.set(fresh, options.storage)
        else store.delete(key)
      }
    },
    (error: unknown) => {
      land(store.flights, job)
      if (entry && isHttpError(error) && error.status === 304) revalidated(job, error.headers)
      else if (entry && Date.now() < entry.errorUntil && networkFailed(error)) {
        store.stats.staleHits++
        ctx.state.cache = 'stale'
        ctx.response = toResponse(entry)
      } else throw error
    },
  )
  job.run = run
  // No flight of this key is running: a request with dedupe would have joined it.
  if (shared) store.flights.push(job)
  return run
}
