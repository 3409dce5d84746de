/**
 * URL building by hand: the mini-program logic layer has no URL or query-string classes.
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
  const first = url[0]
  // A path (`/users/1`) cannot be absolute: no regex for the common case.
  if (!baseURL || (first !== '/' && isAbsoluteURL(url))) return url
  if (!url) return baseURL
  const end = baseURL[baseURL.length - 1] === '/'
  if (end && first === '/') return baseURL + url.slice(1)
  return end || first === '/' || first === '?' ? baseURL + url : `${baseURL}/${url}`
}

/** Keys keep their brackets readable: `filter[q]`, not `filter%5Bq%5D`. */
const encodeKey = (key: string): string =>
  encodeURIComponent(key).replace(/%5B|%5D/gi, decodeURIComponent)

function append(parts: string[], key: string, value: unknown, seen: unknown[]): void {
  if (value == null) return
  if (typeof value === 'object' && !(value instanceof Date)) {
    if (seen.indexOf(value) >= 0) throw new TypeError(`params.${key} is circular`)
    seen.push(value)
    // Arrays repeat the key; objects nest it in brackets.
    const isArray = Array.isArray(value)
    for (const k of Object.keys(value)) {
      append(parts, isArray ? key : `${key}[${k}]`, (value as Params)[k], seen)
    }
    seen.pop()
  } else {
    parts.push(
      `${encodeKey(key)}=${encodeURIComponent(value instanceof Date ? value.toISOString() : String(value))}`,
    )
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
  const hash = hashAt < 0 ? '' : url.slice(hashAt)
  const base = url.slice(0, url.length - hash.length)
  const last = base[base.length - 1]
  const sep = base.indexOf('?') < 0 ? '?' : last === '?' || last === '&' ? '' : '&'
  return base + sep + query + hash
}
