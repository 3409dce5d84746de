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
  provide,
  withTimeout,
  type WxRuntime,
} from '@miniwire/core'
import { type AuthError, authError, invalid, isAuthError, messageOf } from './errors'
import { defaultAuthFailure, reportLater } from './failure'
import { jwtExpiresAt } from './jwt'
import { type ProviderSettings, skewOf } from './options'
import { normalizeTokens, storageTokens, type TokenSet } from './tokens'
import type { TokenProvider, WaitOptions } from './types'

/** What `current()` gives: the access token, sync when the storage answered sync. */
type Read = string | undefined | Promise<string | undefined>

/** Where a wait listens: a caller's options, or a request (its signal and its `AbortError`). */
type From = WaitOptions | Context | undefined

/** The provider with what `auth()` and `login()` use beside the public API. */
export interface Keeper extends TokenProvider {
  /** The bound client's runtime object; throws while no client is bound. */
  readonly wx: WxRuntime
  /** The number of changes so far: a caller passes the one it read its token at to `renew()`. */
  readonly generation: number
  /**
   * Registers the provider as the token source of a client its plugin is used on; the first
   * such client holds the storage and sends the refresh requests.
   */
  bind(client: Client): void
  /**
   * The access token to send now: waits for a refresh in flight, refreshes ahead of expiry.
   * Answers at once (no promise) when nothing needs waiting for: the storage answered
   * synchronously, no refresh is in flight and the token is not about to expire, which is every
   * request's usual case.
   */
  current(from?: From): Read
  /**
   * The one way to a fresh token, for a request refused with `stale` (read at generation `at`),
   * a token about to expire, and `refresh()`: returns the stored token when it already differs
   * from `stale` (someone refreshed or signed in), joins a refresh in flight, fails when the
   * tokens changed since `at` (signed out, a refresh failed), else starts the refresh. `force`
   * refreshes whatever token is stored.
   */
  renew(stale: string | undefined, at: number, from?: From, force?: boolean): Promise<string>
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

/** Makes `auth()`'s provider from its options, already checked. */
export function createKeeper(options: ProviderSettings): Keeper {
  const { refresh, refreshTimeout, onAuthFailure } = options
  const storage =
    typeof options.storage === 'string'
      ? storageTokens(() => keeper.wx, options.storage)
      : options.storage
  // Milliseconds ahead of expiry to refresh; `undefined`: never ahead (also without a refresh).
  const skew = refresh && skewOf(options.proactive)
  const onFailure =
    onAuthFailure === false
      ? undefined
      : onAuthFailure || defaultAuthFailure(options.loginPage, options.navigate)
  let client: Client | undefined
  let generation = 0
  let flight: Promise<string> | undefined
  let lastFailure: AuthError | undefined
  const listeners = new Set<(token: string | undefined) => void>()
  // The expiry of the last token looked at: one JWT decode per token, not per request.
  let expiryOf: string | undefined
  let expiry: number | undefined

  /** The access token of tokens read at generation `at`, renewed first when it expires soon. */
  function ahead(tokens: TokenSet | undefined, at: number, from: From): Read {
    const token = tokens ? tokens.accessToken : undefined
    if (skew === undefined || !token) return token
    let expiresAt = (tokens as TokenSet).expiresAt
    if (expiresAt === undefined) {
      if (token !== expiryOf) {
        expiryOf = token
        expiry = jwtExpiresAt(token)
      }
      expiresAt = expiry
    }
    return expiresAt !== undefined && expiresAt - skew <= Date.now()
      ? renew(token, at, from)
      : token
  }

  function current(from?: From): Read {
    if (flight) return abortable(flight, from).then(() => current(from))
    const at = generation
    const stored = storage.get()
    return isThenable(stored)
      ? stored.then((tokens) => ahead(tokens, at, from))
      : ahead(stored, at, from)
  }

  async function renew(stale: string | undefined, at: number, from?: From, force?: boolean) {
    if (!flight) {
      const tokens = await storage.get()
      const now = tokens && tokens.accessToken
      // A refresh may have started while the storage answered: then it is joined.
      if (!flight) {
        if (now && now !== stale && !force) return now
        if (at !== generation) throw lastFailure || authError('no-token', SIGNED_OUT)
        start(tokens)
      }
    }
    return abortable(flight as Promise<string>, from)
  }

  /** Stores (or clears) tokens, moves to a new generation and tells the listeners. */
  async function write(tokens: TokenSet | undefined): Promise<void> {
    await storage.set(tokens)
    generation++
    if (tokens) lastFailure = undefined
    // One call per listener (a Set), and one that unsubscribes while told is told no more.
    listeners.forEach((listener) => {
      try {
        listener(tokens && tokens.accessToken)
      } catch (error) {
        reportLater(error)
      }
    })
  }

  /**
   * Runs the refresh function once and stores what it gave; the access token now stored. When
   * someone stored other tokens meanwhile (a login), theirs win, also over a failed refresh.
   */
  async function run(tokens: TokenSet | undefined, at: number): Promise<string> {
    try {
      if (!tokens) throw authError('no-token', 'no token to refresh: nobody is signed in')
      if (!refresh) {
        throw authError('no-refresh', 'the token was refused and no refresh function is configured')
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

  /** Starts the one refresh in flight; its outcome is told once (events, `onAuthFailure`). */
  function start(tokens: TokenSet | undefined): void {
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
  }

  const keeper: Keeper = {
    get wx(): WxRuntime {
      if (!client) {
        throw invalid('the token provider has no client yet: use its plugin on one')
      }
      return client.wx
    },
    get generation() {
      return generation
    },
    get refreshing() {
      return flight !== undefined
    },
    bind(to) {
      if (!client) client = to
      provide(to, 'tokens', keeper)
    },
    current,
    renew,
    getToken: async (waitOptions) => current(waitOptions),
    refresh: (refreshOptions = {}) => {
      const { stale } = refreshOptions
      return renew(stale, generation, refreshOptions, stale === undefined)
    },
    getTokens: async () => storage.get(),
    setTokens: async (input) => write(normalizeTokens(input, 'setTokens()')),
    clear: () => write(undefined),
    onChange(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
  return keeper
}
