/**
 * Which requests carry the token: those to an allowed origin, except the public endpoints
 * (sign-in, refresh, …) whose 401 is the server's answer, never an expired token. There is no
 * `URL` global in a mini program, so origins are parsed by hand: scheme and host lower-cased,
 * user info dropped, default ports dropped. A relative URL is judged by the URL the adapter will
 * really call (core's `joinURL`). Both checks run on every request, so the usual case (a
 * relative URL on the client's baseURL, the same URL as last time) parses nothing.
 */
import { type Context, isAbsoluteURL, joinURL } from '@miniwire/core'
import { invalid } from './errors'
import type { AuthOptions } from './types'

// Scheme, user info (up to the authority's last @), host (an IPv6 literal in brackets) and port.
// A backslash ends the authority too: WHATWG parsers read it as '/', so `https://evil.com\@api`
// goes to evil.com and must be judged as evil.com.
const AUTHORITY =
  /^([a-z][a-z\d+\-.]*):\/\/(?:[^/?#\\]*@)?(\[[^\]]*\]|[^/?#\\:]*)(?::([^/?#\\]*))?/i
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' }

/**
 * The origin of an absolute URL (`https://api.example.com`), or `undefined` for a relative one.
 *
 * @example
 * originOf('HTTPS://user@API.example.com:443/v1?x=1') // 'https://api.example.com'
 */
export function originOf(url: string): string | undefined {
  const match = AUTHORITY.exec(url)
  if (!match) return undefined
  const scheme = match[1]!.toLowerCase()
  const port = match[3]
  const shown = port && port !== DEFAULT_PORTS[scheme] ? `:${port}` : ''
  return `${scheme}://${match[2]!.toLowerCase()}${shown}`
}

/** The path of a URL, without origin, query or hash. */
export const pathOf = (url: string): string => url.replace(AUTHORITY, '').split(/[?#]/)[0]!

/** A user's check, asked with the URL a request really calls (its `url` joined to its `baseURL`). */
const byFunction =
  (check: (url: string, ctx: Context) => boolean) =>
  (ctx: Context): boolean =>
    check(joinURL(ctx.request.baseURL, ctx.request.url), ctx)

/** Decides whether a request may carry the token. */
export type OriginCheck = (url: string, ctx: Context) => boolean

/**
 * Builds the check: a list of origins, a function, or (by default) the client's baseURL origin.
 * Throws `ERR_INVALID_OPTION` for a list entry that is not an absolute URL.
 */
export function createOriginCheck(
  origins: readonly string[] | OriginCheck | undefined,
): (ctx: Context) => boolean {
  if (typeof origins === 'function') return byFunction(origins)
  // The list's type was checked with the other options; each entry must also be a URL.
  const list =
    origins &&
    origins.map((entry) => {
      const origin = originOf(entry)
      if (origin === undefined) {
        throw invalid(`origins entry ${JSON.stringify(entry)} is not an absolute URL`)
      }
      return origin
    })
  // Whether the last URL seen was relative: most requests repeat their URL.
  let lastURL: string | undefined
  let relative = false
  return (ctx) => {
    const own = ctx.client.defaults.baseURL
    const url = ctx.request.url
    if (url !== lastURL) {
      lastURL = url
      relative = !isAbsoluteURL(url)
    }
    // A relative URL on the client's own baseURL goes to the client's origin: allowed by
    // default, without parsing (the per-request hot path).
    if (!list && relative && ctx.request.baseURL === own) return true
    const origin = originOf(joinURL(ctx.request.baseURL, url))
    // A relative URL without any baseURL goes nowhere (wx rejects it): nothing leaks.
    return origin === undefined || (list ? list.indexOf(origin) >= 0 : origin === originOf(own))
  }
}

/**
 * Paths that need no token: the ends of login, register/sign-up, forgot/reset-password and
 * refresh endpoints (`/auth/login`, `/auth/wx-login`, `/v1/users/register`, `/token/refresh`, …).
 */
export const DEFAULT_PUBLIC_PATHS: readonly RegExp[] = [
  /(^|[/_-])(login|sign-?in|register|sign-?up|(forgot|reset)-password|refresh)\/?$/i,
]

/** Whether a request needs no token; the answer for the last URL is kept (most repeat). */
export function createPublicCheck(given: AuthOptions['publicPaths']): (ctx: Context) => boolean {
  if (typeof given === 'function') return byFunction(given)
  const paths = given || DEFAULT_PUBLIC_PATHS
  let lastURL: string | undefined
  let lastAnswer = false
  return (ctx) => {
    // The request's own URL is enough: every entry matches the end of the path.
    const url = ctx.request.url
    if (url !== lastURL) {
      const path = pathOf(url)
      lastURL = url
      lastAnswer = paths.some((entry) =>
        typeof entry === 'string' ? path.slice(-entry.length) === entry : entry.test(path),
      )
    }
    return lastAnswer
  }
}
