/**
 * One cached answer and the HTTP rules that shape it: `Cache-Control: no-store` keeps it out,
 * `max-age` sets its lifetime unless the options name a `ttl`, and an `ETag` or
 * `Last-Modified` lets an expired entry be revalidated (a 304 refreshes it without a body).
 */
import type { MiniwireResponse } from '@miniwire/core'
import { DEFAULT_TTL, type ResolvedCacheOptions } from './options'

/** A cached answer: the response's fields (no timing profile) and what the cache knows of it. */
export interface Entry {
  status: number
  headers: Record<string, string>
  data: unknown
  cookies: string[]
  /** The full key, compared on every hit. */
  key: string
  /** The request's full URL (for prefix and pattern invalidation). */
  url: string
  /** The explicit key the request named, if any. */
  name: string | undefined
  /** The user scope ('' when signed out). */
  scope: string
  tags: string[]
  /** Fresh until (ms since the epoch). */
  expires: number
  /** A stale hit answers at once and revalidates until then. */
  staleUntil: number
  /** A failed request answers with the entry until then. */
  errorUntil: number
  /**
   * Hit since the memory tier last put it at the back: its eviction then gives it a second
   * chance instead. Memory bookkeeping only (undefined values are left out of storage JSON).
   */
  used?: boolean | undefined
}

/** The response a hit answers with: a new object each time, the data shared (treat it as read-only). */
export function toResponse(entry: Entry): MiniwireResponse {
  const { status, headers, data, cookies } = entry
  return { status, headers, data, cookies, profile: undefined }
}

/** Until when an entry is worth keeping: its validators keep it for revalidation. */
export function keepUntil(entry: Entry): number {
  const headers = entry.headers
  return headers.etag || headers['last-modified']
    ? Infinity
    : Math.max(entry.staleUntil, entry.errorUntil)
}

/** `max-age` in ms (0 for `no-cache`), `-1` for `no-store`, `undefined` when the header says neither. */
export function serverLifetime(headers: Record<string, string>): number | undefined {
  const control = headers['cache-control']
  // Most answers have no Cache-Control: no regex on a miss's path then.
  if (!control) return undefined
  const age = /max-age=(\d+)/i.exec(control)
  if (/no-store/i.test(control)) return -1
  return /no-cache/i.test(control) ? 0 : age ? Number(age[1]) * 1000 : undefined
}

/**
 * Sets the entry's times from `now`: the options' ttl, else the server's max-age, else the
 * default. A 304 moves an entry's lifetime forward this way, in place: answers are copies of the
 * entry, so none of them changes.
 */
export function setTimes(
  entry: Entry,
  now: number,
  server: number | undefined,
  options: ResolvedCacheOptions,
): Entry {
  const ttl = options.ttl !== undefined ? options.ttl : server !== undefined ? server : DEFAULT_TTL
  entry.expires = now + ttl
  entry.staleUntil = entry.expires + options.staleWhileRevalidate
  entry.errorUntil = entry.expires + options.staleIfError
  entry.used = undefined
  return entry
}

/**
 * The entry for a response, or `undefined` when it must not be stored: not a full 2xx, a
 * binary body, `no-store`, or a lifetime of zero with nothing to revalidate it by.
 */
export function makeEntry(
  response: MiniwireResponse,
  key: string,
  url: string,
  scope: string,
  options: ResolvedCacheOptions,
  now: number,
): Entry | undefined {
  const { status, headers, data } = response
  if (status < 200 || status > 299 || status === 206 || data instanceof ArrayBuffer)
    return undefined
  const server = serverLifetime(headers)
  if (server === -1) return undefined
  const entry: Entry = {
    status,
    headers,
    data,
    cookies: response.cookies,
    key,
    url,
    name: options.key,
    scope,
    tags: options.tags,
    expires: 0,
    staleUntil: 0,
    errorUntil: 0,
    // Here, not first set by setTimes(): the entry keeps one shape.
    used: undefined,
  }
  setTimes(entry, now, server, options)
  return keepUntil(entry) > now ? entry : undefined
}
