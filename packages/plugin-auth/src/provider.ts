/**
 * The token provider: reads the token at call time and runs the refresh as a single flight.
 * Everyone who finds the token expired (requests, a socket reconnecting, an upload chunk)
 * shares one refresh; its failure rejects them all and calls `onAuthFailure` once.
 *
 * A generation number counts every change of the tokens (stored, cleared, a refresh failed). A
 * caller that read the tokens at generation G and later finds them refused refreshes only if
 * nothing changed since G; otherwise someone already refreshed (use the current token) or
 * signed out or failed (fail, without a second redirect).
 *
 * A closure rather than a class: its state is private for real, and the request path reads
 * locals instead of properties.
 */
import {
  abortable,
  type Client,
  type Context,
  getTokenSource,
  lookup,
  provide,
  withTimeout,
  type WxRuntime,
} from '@miniwire/core'
import { type AuthError, authError, invalid, isAuthError, messageOf } from './errors'
import { defaultAuthFailure, reportLater } from './failure'
import { jwtExpiresAt } from './jwt'
import { type ProviderSettings, providerOptions, skewOf } from './options'
import { normalizeTokens, storageTokens, type TokenSet } from './tokens'
import type { TokenProvider, TokenProviderOptions, WaitOptions } from './types'

/** What a read gives: the stored tokens, sync when the storage answered sync. */
type Read = TokenSet | undefined | Promise<TokenSet | undefined>

/** Where a wait listens: a caller's options, or a request (its signal and its `AbortError`). */
type From = WaitOptions | Context | undefined

/** The provider with what `auth()` and `login()` use beside the public API. */
export interface Keeper extends TokenProvider {
  /** The bound client's runtime object; throws while no client is bound. */
  readonly wx: WxRuntime
  /** The number of changes so far: a caller passes the one it read its tokens at to `renew()`. */
  readonly generation: number
  /**
   * Binds the provider to a client (the first one wins) and registers it for lookups: always
   * when `own` (the client's own plugin), else unless the client or an ancestor has one.
   */
  bind(client: Client, own?: boolean): void
  /**
   * The tokens to send now: waits for a refresh in flight, refreshes ahead of expiry. Answers
   * at once (no promise) when nothing needs waiting for: the storage answered synchronously, no
   * refresh is in flight and the token is not about to expire, which is every request's usual case.
   */
  current(from?: From): Read
  /**
   * A fresh token for a caller whose `sent` tokens, read at generation `at`, were refused:
   * joins, reuses or starts a refresh.
   */
  renew(sent: TokenSet | undefined, at: number, from?: From): Promise<string>
}

/** Why a caller that had a token finds none: someone cleared it while it waited. */
const SIGNED_OUT = 'the tokens were cleared (signed out)'

export const isThenable = <T>(value: T | Promise<T>): value is Promise<T> =>
  !!value && typeof (value as Promise<T>).then === 'function'

/**
 * The provider an `auth()` plugin registered on `client` or an ancestor (a child made with
 * `extend()` shares its parent's plugins), as core's token source.
 */
export const getTokenProvider = getTokenSource as (client: Client) => TokenProvider | undefined

/** Makes a provider from options already checked against the provider's schema. */
export function createKeeper(options: ProviderSettings): Keeper {
  const { refresh, refreshTimeout, onAuthFailure } = options
  const storage =
    typeof options.storage === 'string'
      ? storageTokens(() => keeper.wx, options.storage)
      : options.storage
  const skew = skewOf(options.proactive)
  const onFailure =
    onAuthFailure === false
      ? undefined
      : onAuthFailure || defaultAuthFailure(options.loginPage, options.navigate)
  let client: Client | undefined
  let generation = 0
  let flight: Promise<string> | undefined
  let lastFailure: AuthError | undefined
  let listeners: Array<(token: string | undefined) => void> = []
  // The expiry of the last token looked at: one JWT decode per token, not per request.
  let expiryOf: string | undefined
  let expiry: number | undefined

  const join = (from: From): Promise<string> => abortable(flight as Promise<string>, from)

  function expiresSoon(tokens: TokenSet): boolean {
    if (skew === undefined || !refresh) return false
    let at = tokens.expiresAt
    if (at === undefined) {
      if (tokens.accessToken !== expiryOf) {
        expiryOf = tokens.accessToken
        expiry = jwtExpiresAt(expiryOf)
      }
      at = expiry
    }
    return at !== undefined && at - skew <= Date.now()
  }

  /** The tokens read at generation `at`, or read again after a refresh ahead of their expiry. */
  const ahead = (tokens: TokenSet | undefined, at: number, from: From): Read =>
    tokens && expiresSoon(tokens) ? renew(tokens, at, from).then(() => storage.get()) : tokens

  function current(from?: From): Read {
    if (flight) return join(from).then(() => current(from))
    const at = generation
    const stored = storage.get()
    return isThenable(stored)
      ? stored.then((tokens) => ahead(tokens, at, from))
      : ahead(stored, at, from)
  }

  async function renew(sent: TokenSet | undefined, at: number, from?: From): Promise<string> {
    if (flight) return join(from)
    if (at !== generation) {
      const now = await storage.get()
      if (now && now.accessToken !== (sent && sent.accessToken)) return now.accessToken
      if (flight) return join(from)
      throw lastFailure || authError('no-token', SIGNED_OUT)
    }
    return abortable(start(sent), from)
  }

  /** Stores (or clears) tokens, moves to a new generation and tells the listeners. */
  async function write(tokens: TokenSet | undefined): Promise<void> {
    await storage.set(tokens)
    generation++
    if (tokens) lastFailure = undefined
    for (const listener of listeners.slice()) {
      try {
        listener(tokens && tokens.accessToken)
      } catch (error) {
        reportLater(error)
      }
    }
  }

  /**
   * Runs the refresh function once and stores what it gave; the access token now stored. When
   * someone stored other tokens meanwhile (a login), theirs win, also over a failed refresh.
   */
  async function run(tokens: TokenSet | undefined, at: number): Promise<string> {
    try {
      if (!tokens) throw authError('no-token', 'no token to refresh: nobody is signed in')
      if (!refresh) {
        throw authError(
          'no-refresh',
          'the access token was refused and no refresh function is configured',
        )
      }
      const input = await withTimeout(
        refresh({
          refreshToken: tokens.refreshToken,
          tokens,
          wx: keeper.wx, // first: names a missing client
          // A fresh child each time, so it has the parent's current layers (monitor, errors, …).
          client: (client as Client).extend({ auth: false }),
        }),
        refreshTimeout,
        () => authError('refresh-failed', `token refresh timed out after ${refreshTimeout} ms`),
      )
      const fresh = normalizeTokens(input, 'refresh()', tokens.refreshToken)
      if (generation === at) await write(fresh)
    } catch (cause) {
      if (generation === at) throw cause
    }
    const now = await storage.get()
    if (!now) throw authError('no-token', SIGNED_OUT)
    return now.accessToken
  }

  function start(tokens: TokenSet | undefined): Promise<string> {
    const settled = run(tokens, generation).then(
      (token) => {
        flight = undefined
        if (client) client.emit('auth:refresh', { ok: true })
        return token
      },
      (cause: unknown) => {
        flight = undefined
        const error = isAuthError(cause)
          ? cause
          : authError('refresh-failed', `token refresh failed: ${messageOf(cause)}`, cause)
        generation++
        lastFailure = error
        if (client) {
          // `auth:refresh` reports refreshes: none is reported when no refresh could run.
          if (tokens && refresh) client.emit('auth:refresh', { ok: false, error })
          client.emit('auth:failure', { error })
          // Synchronous, and a throw or rejection of user code is reported, never unhandled.
          if (onFailure) {
            new Promise((ok) => ok(onFailure({ error, tokens: keeper, wx: keeper.wx }))).then(
              undefined,
              reportLater,
            )
          }
        }
        throw error
      },
    )
    flight = settled
    settled.catch(() => {}) // every waiter gets the rejection; the stored copy must not go unhandled
    return settled
  }

  const keeper: Keeper = {
    get wx(): WxRuntime {
      if (!client) {
        throw invalid(
          'the token provider has no client: use auth() on a client, or pass createTokenProvider({ client })',
        )
      }
      return client.wx
    },
    get generation() {
      return generation
    },
    get refreshing() {
      return flight !== undefined
    },
    bind(to, own) {
      if (!client) client = to
      if (own || !lookup(to, 'tokens')) provide(to, 'tokens', keeper)
    },
    current,
    renew,
    async getToken(waitOptions) {
      const tokens = await current(waitOptions)
      return tokens && tokens.accessToken
    },
    // A refresh in flight is joined by renew().
    async refresh(refreshOptions = {}) {
      const at = generation
      const tokens = await storage.get()
      const now = tokens && tokens.accessToken
      const { stale } = refreshOptions
      return stale !== undefined && now && now !== stale ? now : renew(tokens, at, refreshOptions)
    },
    getTokens: async () => storage.get(),
    setTokens: async (input) => write(normalizeTokens(input, 'setTokens()')),
    clear: () => write(undefined),
    onChange(listener) {
      listeners.push(listener)
      return () => {
        listeners = listeners.filter((l) => l !== listener)
      }
    },
  }
  if (options.client) keeper.bind(options.client)
  return keeper
}

/**
 * Makes a token provider on its own, e.g. to share one between two clients or to hand it to
 * `@miniwire/socket` before any request. `auth({ tokens })` uses it.
 *
 * @example
 * const tokens = createTokenProvider({ client, refresh: ({ client, refreshToken }) => … })
 * client.use(auth({ tokens }))
 */
export function createTokenProvider(options: TokenProviderOptions = {}): TokenProvider {
  return createKeeper(providerOptions.resolve(options, undefined, 'createTokenProvider()'))
}
