/**
 * The token provider: reads the token at call time and runs the refresh as a single flight.
 * Everyone who finds the token expired (requests, a socket reconnecting, an upload chunk)
 * shares one refresh; its failure rejects them all and calls `onAuthFailure` once.
 *
 * A generation number counts every change of the tokens. A caller that read the tokens at
 * generation G and later finds them refused refreshes only if nothing changed since G;
 * otherwise someone already refreshed (use the current token) or signed out (fail).
 */
import {
  abortable,
  type Client,
  lookup,
  provide,
  withTimeout,
  type WxRuntime,
} from '@miniwire/core'
import { AuthError, isAuthError, messageOf } from './errors'
import { reportLater } from './failure'
import { jwtExpiresAt } from './jwt'
import { invalid, providerOptions, resolveSettings, type Settings } from './settings'
import { normalizeTokens, type TokenInput, type TokenSet } from './tokens'
import type { RefreshOptions, TokenProvider, TokenProviderOptions, WaitOptions } from './types'

/** The tokens as one caller read them. */
export interface Snapshot {
  tokens: TokenSet | undefined
  generation: number
}

/**
 * The provider an `auth()` plugin registered on `client` or an ancestor (a child made with
 * `extend()` shares its parent's plugins), as core's token source.
 */
export function getTokenProvider(client: Client): TokenProvider | undefined {
  return lookup(client, 'tokens') as TokenProvider | undefined
}

export class TokenKeeper implements TokenProvider {
  private client: Client | undefined
  private readonly settings: Settings
  private generation = 0
  private flight: Promise<string> | undefined
  private lastFailure: AuthError | undefined
  private listeners: Array<(token: string | undefined) => void> = []

  constructor(options: TokenProviderOptions = {}) {
    this.settings = resolveSettings(options, () => this.wx)
    if (options.client) this.bind(options.client)
  }

  /** Binds the provider to a client (the first one wins) and registers it for lookups. */
  bind(client: Client): void {
    if (!this.client) this.client = client
    if (!lookup(client, 'tokens')) provide(client, 'tokens', this)
  }

  /** The bound client's runtime object. */
  get wx(): WxRuntime {
    if (!this.client) {
      throw invalid(
        'the token provider has no client: use auth() on a client, or pass createTokenProvider({ client })',
      )
    }
    return this.client.wx
  }

  get refreshing(): boolean {
    return this.flight !== undefined
  }

  /** Reads the tokens now, with the generation they belong to. */
  async read(): Promise<Snapshot> {
    const generation = this.generation
    return { tokens: await this.settings.storage.get(), generation }
  }

  /**
   * What to send now: waits for a refresh in flight, refreshes ahead of expiry. Answers at once
   * (no promise) when nothing needs waiting for: the storage answered synchronously, no refresh
   * is in flight and the token is not about to expire, which is every request's usual case.
   */
  current(options: WaitOptions = {}): Snapshot | Promise<Snapshot> {
    if (this.flight) return abortable(this.flight, options).then(() => this.current(options))
    const generation = this.generation
    const stored = this.settings.storage.get()
    if (stored && typeof (stored as Promise<unknown>).then === 'function') {
      return (stored as Promise<TokenSet | undefined>).then((tokens) =>
        this.fresh({ tokens, generation }, options),
      )
    }
    return this.fresh({ tokens: stored as TokenSet | undefined, generation }, options)
  }

  /** The snapshot, or a proactive refresh first when its token expires within the skew. */
  private fresh(snap: Snapshot, options: WaitOptions): Snapshot | Promise<Snapshot> {
    if (snap.tokens && this.settings.refresh && this.expiresSoon(snap.tokens)) {
      return this.renew(snap, options).then(() => this.read())
    }
    return snap
  }

  private expiresSoon(tokens: TokenSet): boolean {
    const skew = this.settings.skew
    if (skew === undefined) return false
    const at = tokens.expiresAt ?? jwtExpiresAt(tokens.accessToken)
    return at !== undefined && at - skew <= Date.now()
  }

  /** A fresh token for a caller whose `sent` tokens were refused: joins, reuses or starts a refresh. */
  async renew(sent: Snapshot, options: WaitOptions = {}): Promise<string> {
    if (this.flight) return abortable(this.flight, options)
    if (sent.generation !== this.generation) {
      const now = await this.read()
      if (now.tokens && now.tokens.accessToken !== sent.tokens?.accessToken)
        return now.tokens.accessToken
      if (this.flight) return abortable(this.flight, options)
      throw (
        this.lastFailure ??
        new AuthError({ message: 'the tokens were cleared (signed out)', reason: 'no-token' })
      )
    }
    return abortable(this.start(sent), options)
  }

  async getToken(options?: WaitOptions): Promise<string | undefined> {
    const snap = await this.current(options)
    return snap.tokens ? snap.tokens.accessToken : undefined
  }

  async refresh(options: RefreshOptions = {}): Promise<string> {
    if (this.flight) return abortable(this.flight, options)
    const snap = await this.read()
    if (options.stale !== undefined && snap.tokens && snap.tokens.accessToken !== options.stale) {
      return snap.tokens.accessToken
    }
    return abortable(this.flight ?? this.start(snap), options)
  }

  async getTokens(): Promise<TokenSet | undefined> {
    return this.settings.storage.get()
  }

  setTokens(input: TokenInput): Promise<void> {
    return this.write(normalizeTokens(input, 'setTokens()'))
  }

  clear(): Promise<void> {
    return this.write(undefined)
  }

  onChange(listener: (token: string | undefined) => void): () => void {
    this.listeners.push(listener)
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener)
    }
  }

  /** Stores (or clears) tokens, moves to a new generation and tells the listeners. */
  async write(tokens: TokenSet | undefined): Promise<void> {
    await this.settings.storage.set(tokens)
    this.generation++
    if (tokens) this.lastFailure = undefined
    for (const listener of this.listeners.slice()) {
      try {
        listener(tokens?.accessToken)
      } catch (error) {
        reportLater(error)
      }
    }
  }

  private start(sent: Snapshot): Promise<string> {
    const generation = this.generation
    // `auth:refresh` reports refreshes: none is reported when no refresh could run.
    let ran = false
    const flight = this.run(sent, generation, () => {
      ran = true
    }).then(
      (token) => {
        this.flight = undefined
        this.client?.emit('auth:refresh', { ok: true })
        return token
      },
      async (cause: unknown) => {
        // Someone stored other tokens meanwhile (a login): the waiters may use theirs.
        const token =
          this.generation === generation
            ? undefined
            : await this.read().then(
                (now) => now.tokens?.accessToken,
                () => undefined,
              )
        this.flight = undefined
        if (token) return token
        const error = isAuthError(cause)
          ? cause
          : new AuthError({
              message: `token refresh failed: ${messageOf(cause)}`,
              cause,
              reason: 'refresh-failed',
            })
        this.generation++
        this.lastFailure = error
        if (ran) this.client?.emit('auth:refresh', { ok: false, error })
        this.fail(error)
        throw error
      },
    )
    this.flight = flight
    flight.catch(() => {}) // every waiter gets the rejection; the stored copy must not go unhandled
    return flight
  }

  private async run(sent: Snapshot, generation: number, began: () => void): Promise<string> {
    const tokens = sent.tokens
    if (!tokens)
      throw new AuthError({
        message: 'no token to refresh: nobody is signed in',
        reason: 'no-token',
      })
    const refresh = this.settings.refresh
    if (!refresh) {
      throw new AuthError({
        message: 'the access token was refused and no refresh function is configured',
        reason: 'no-refresh',
      })
    }
    const wx = this.wx
    const ms = this.settings.refreshTimeout
    began()
    const input = await withTimeout(
      // A fresh child each time, so it has the parent's current layers (monitor, errors, …).
      refresh({
        refreshToken: tokens.refreshToken,
        tokens,
        client: (this.client as Client).extend({ auth: false }),
        wx,
      }),
      ms,
      () =>
        new AuthError({
          message: `token refresh timed out after ${ms} ms`,
          reason: 'refresh-failed',
        }),
    )
    const fresh = normalizeTokens(input, 'refresh()', tokens.refreshToken)
    // Someone stored other tokens meanwhile (a login): theirs win.
    if (this.generation === generation) await this.write(fresh)
    const now = await this.read()
    if (!now.tokens) {
      throw new AuthError({
        message: 'the tokens were cleared during the refresh',
        reason: 'no-token',
      })
    }
    return now.tokens.accessToken
  }

  private fail(error: AuthError): void {
    this.client?.emit('auth:failure', { error })
    const handler = this.settings.onFailure
    if (!handler || !this.client) return
    try {
      const result = handler({ error, tokens: this, wx: this.wx })
      if (result && typeof result.then === 'function') result.then(undefined, reportLater)
    } catch (thrown) {
      reportLater(thrown)
    }
  }
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
  return new TokenKeeper(providerOptions.resolve(options, undefined, 'createTokenProvider()'))
}
