/**
 * URL building without `URL` / `URLSearchParams` (absent in the mini-program logic layer).
 * The serializer is stable: keys keep insertion order, arrays repeat the key, nested objects
 * use brackets (`a[b]=1`), Dates become ISO strings, null and undefined are skipped.
 */
import type { Params } from './types'

const ABSOLUTE = /^[a-z][a-z\d+\-.]*:\/\//i

/** True for `https://…`, `http://…`, `wss://…` and other scheme-qualified URLs. */
export function isAbsoluteURL(url: string): boolean {
  return ABSOLUTE.test(url)
}

/** Joins `baseURL` and a relative `url` with exactly one slash between them. */
export function joinURL(baseURL: string, url: string): string {
  // A path (`/users/1`) cannot be absolute: no regex for the common case.
  if (!baseURL || (url.charCodeAt(0) !== 47 && isAbsoluteURL(url))) return url
  if (!url) return baseURL
  const endsWithSlash = baseURL.charCodeAt(baseURL.length - 1) === 47
  const startsWithSlash = url.charCodeAt(0) === 47
  if (endsWithSlash && startsWithSlash) return baseURL + url.slice(1)
  if (endsWithSlash || startsWithSlash || url.charCodeAt(0) === 63) return baseURL + url
  return `${baseURL}/${url}`
}

function encode(value: string): string {
  return encodeURIComponent(value).replace(/%5B/gi, '[').replace(/%5D/gi, ']')
}

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

function append(parts: string[], key: string, value: unknown, seen: unknown[]): void {
  if (value === undefined || value === null) return
  if (Array.isArray(value)) {
    if (seen.includes(value)) throw new TypeError(`params.${key} is circular`)
    seen.push(value)
    for (const item of value) append(parts, key, item, seen)
    seen.pop()
  } else if (typeof value === 'object' && !(value instanceof Date)) {
    if (seen.includes(value)) throw new TypeError(`params.${key} is circular`)
    seen.push(value)
    for (const k of Object.keys(value)) append(parts, `${key}[${k}]`, (value as Params)[k], seen)
    seen.pop()
  } else {
    parts.push(`${encode(key)}=${encodeURIComponent(scalar(value))}`)
  }
}

/**
 * Core's query serializer.
 *
 * @example
 * serializeParams({ page: 1, tags: ['a', 'b'], filter: { q: 'x y' }, skip: null })
 * // 'page=1&tags=a&tags=b&filter[q]=x%20y'
 */
export function serializeParams(params: Params): string {
  const parts: string[] = []
  const seen: unknown[] = [params]
  for (const key of Object.keys(params)) append(parts, key, params[key], seen)
  return parts.join('&')
}

/** Appends a query string to a URL that may already have one, keeping any `#hash` last. */
export function appendQuery(url: string, query: string): string {
  if (!query) return url
  const hashAt = url.indexOf('#')
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url
  const hash = hashAt >= 0 ? url.slice(hashAt) : ''
  const sep = base.indexOf('?') >= 0 ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'
  return base + sep + query + hash
}
