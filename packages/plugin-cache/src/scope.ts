/**
 * Per-user scope, so one account never sees another's answers. The scope comes from the
 * `scope` option (a stable user id) or, by default, from core's token source: a hash of the
 * token (never the token itself, which must not be copied into storage). The cache follows
 * the token source: when the token changes, entries of other token scopes are purged; on
 * sign-out (the token becomes `undefined`) every scoped entry is purged.
 */
import type { Context, TokenSource } from '@miniwire/core'
import { getTokenSource } from '@miniwire/core'
import type { ResolvedCacheOptions } from './options'

/** Scopes from the token start with this; scopes from the `scope` option with `user:`. */
export const TOKEN_SCOPE = 'token:'

/**
 * The scope of a token: two 32-bit FNV-1a style hashes side by side (64 bits, as hex); ''
 * when signed out.
 */
export function hashScope(token: string | undefined): string {
  if (!token) return ''
  let a = 0x811c9dc5
  let b = 0x01000193
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i)
    a = Math.imul(a ^ code, 0x01000193)
    b = Math.imul(b ^ code, 0x5bd1e995)
  }
  return TOKEN_SCOPE + (a >>> 0).toString(16) + (b >>> 0).toString(16)
}

/** What the cache follows of one token source. */
export interface ScopeWatch {
  readonly source: TokenSource
  /** The current token's scope; `undefined` until the first `getToken()` answered. */
  current: string | undefined
  /** The scope once the first `getToken()` answered. */
  ready: Promise<string>
}

/** Follows `source`; `purge(keep)` drops scoped entries whose scope `keep` refuses. */
export function watchScope(
  source: TokenSource,
  purge: (keep: (scope: string) => boolean) => void,
): ScopeWatch {
  // An onChange that arrived before getToken() answered is newer than that answer.
  const settle = (token: string | undefined): string => {
    if (watch.current === undefined) watch.current = hashScope(token)
    return watch.current
  }
  const watch: ScopeWatch = {
    source,
    current: undefined,
    ready: source.getToken().then(settle, () => settle(undefined)),
  }
  // Never unsubscribed: a purge it makes is always safe, and a runtime keeps one token source.
  source.onChange((token) => {
    const next = (watch.current = hashScope(token))
    // Signed out: every scoped entry goes. Another token: other token scopes go.
    purge((scope) => (token ? scope.indexOf(TOKEN_SCOPE) !== 0 || scope === next : false))
  })
  return watch
}

/** What a store offers to scope requests. */
export interface Scoping {
  watch(source: TokenSource): ScopeWatch
}

/** The scope of a request: a string now, or a promise the first time a token source is read. */
export function scopeOf(
  ctx: Context,
  options: ResolvedCacheOptions,
  store: Scoping,
): string | Promise<string> {
  const source = getTokenSource(ctx.client)
  const watch = source && store.watch(source)
  if (options.scope) {
    const user = options.scope(ctx)
    return user ? `user:${user}` : ''
  }
  if (!watch) return ''
  return watch.current !== undefined ? watch.current : watch.ready
}
