/**
 * What a token is and where it lives. The default storage is one key read through the client's
 * runtime object at call time (never the global `wx`, never at module load: a token read once
 * goes stale). Apps with their own storage pass `{ get, set }`.
 */
import { checks, invalidOption, type WxRuntime } from '@miniwire/core'
import { invalid } from './errors'

/** The tokens the provider keeps. */
export interface TokenSet {
  /** Sent in the auth header. */
  accessToken: string
  /** Given to the `refresh` function. */
  refreshToken?: string | undefined
  /** When the access token expires (ms since the epoch), if the server said so. */
  expiresAt?: number | undefined
}

/**
 * What `refresh`, `login`'s `exchange` and `setTokens` may return: a bare access token, or an
 * object. `expiresIn` is in **seconds** (OAuth's convention) and becomes `expiresAt`.
 *
 * @example { accessToken: 'eyJ…', refreshToken: 'r1', expiresIn: 900 }
 */
export type TokenInput =
  | string
  | {
      accessToken: string
      refreshToken?: string | undefined
      expiresIn?: number | undefined
      expiresAt?: number | undefined
    }

/**
 * Where tokens are kept. `get` is called on every request (cheap, and never stale); `set`
 * with `undefined` clears.
 *
 * @example
 * const storage: TokenStorage = { get: () => session.tokens, set: (t) => { session.tokens = t } }
 */
export interface TokenStorage {
  get(): TokenSet | undefined | Promise<TokenSet | undefined>
  set(tokens: TokenSet | undefined): void | Promise<void>
}

/**
 * Turns what a refresh, a login exchange or `setTokens()` gave into a `TokenSet`. A refresh
 * that does not rotate the refresh token keeps `previousRefresh`. Anything else is refused with
 * `ERR_INVALID_OPTION` naming `where` and what it gave; the refresh and login paths wrap it in
 * their `AuthError` as the cause.
 */
export function normalizeTokens(input: unknown, where: string, previousRefresh?: string): TokenSet {
  const o = readTokens(input) as Exclude<TokenInput, string> | undefined
  if (!o) {
    const got =
      input === null
        ? 'null'
        : typeof input === 'object'
          ? 'an object without accessToken'
          : typeof input
    throw invalidOption(`${where} must give a token string or { accessToken }, got ${got}`)
  }
  const tokens: TokenSet = {
    accessToken: o.accessToken,
    refreshToken: typeof o.refreshToken === 'string' ? o.refreshToken : previousRefresh,
  }
  if (typeof o.expiresAt === 'number') tokens.expiresAt = o.expiresAt
  else if (typeof o.expiresIn === 'number') tokens.expiresAt = Date.now() + o.expiresIn * 1000
  return tokens
}

/**
 * Reads a stored (or given) value: a `TokenSet` (as it is, no copy: this runs on every request),
 * a bare string (a legacy `token` key), or nothing.
 */
export function readTokens(value: unknown): TokenSet | undefined {
  if (typeof value === 'string') return value ? { accessToken: value } : undefined
  return hasToken(value) ? (value as TokenSet) : undefined
}

/** An object with a non-empty `accessToken` string. */
function hasToken(value: unknown): boolean {
  const token = checks.object.test(value) && (value as TokenSet).accessToken
  return typeof token === 'string' && token !== ''
}

type StorageCall = 'getStorageSync' | 'setStorageSync' | 'removeStorageSync'

/** The default storage: one key, read and written through the runtime object `getWx()` gives. */
export function storageTokens(getWx: () => WxRuntime, key: string): TokenStorage {
  /** The runtime, refused with a message naming the call it lacks. */
  const runtime = (name: StorageCall): Required<Pick<WxRuntime, StorageCall>> => {
    const wx = getWx()
    if (typeof wx[name] !== 'function') {
      throw invalid(`the wx runtime has no ${name}; pass storage: { get, set }`)
    }
    return wx as Required<Pick<WxRuntime, StorageCall>>
  }
  // Named method calls (no bound copy, no computed name): `get` runs on every request.
  return {
    get: () => readTokens(runtime('getStorageSync').getStorageSync(key)),
    set(tokens) {
      if (tokens) runtime('setStorageSync').setStorageSync(key, tokens)
      else runtime('removeStorageSync').removeStorageSync(key)
    },
  }
}
