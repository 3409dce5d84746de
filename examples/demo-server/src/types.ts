/**
 * The public shape of the demo server: options to start it and the handle tests hold. Other
 * packages' tests code against these names, so they change only with every caller.
 */

/** What `POST /auth/refresh` should do while a test wants it to fail. */
export type RefreshFailure = false | 'http500' | 'http401' | 'business'

/**
 * Options for {@link startDemoServer}.
 *
 * @example
 * ```ts
 * const server = await startDemoServer({ accessTokenTtlMs: 1_000, expiredTokenResponse: 'business' })
 * ```
 */
export interface DemoServerOptions {
  /**
   * TCP port; `0` picks a free one.
   * @default 0
   */
  port?: number
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string
  /**
   * Lifetime of access tokens issued by login, register and refresh.
   * @default 900_000 (15 minutes)
   */
  accessTokenTtlMs?: number
  /**
   * Lifetime of refresh tokens.
   * @default 604_800_000 (7 days)
   */
  refreshTokenTtlMs?: number
  /**
   * How a missing, invalid or expired access token is answered: `'http'` → HTTP 401 with the
   * envelope `{ code: 40101, message }`; `'business'` → HTTP 200 with the same envelope.
   * @default 'http'
   */
  expiredTokenResponse?: 'http' | 'business'
  /**
   * Folder for uploads, chunks, tus files and the seeded downloads. When omitted a temp folder
   * is created and removed again by `close()`; a given folder is left in place.
   * @default a fresh folder under os.tmpdir()
   */
  uploadDir?: string
  /**
   * Print one line per request to stdout.
   * @default false (the CLI turns it on)
   */
  log?: boolean
}

/** Counters tests read after driving a client against the server. */
export interface DemoCounters {
  /** Calls to `POST /auth/refresh`, failed ones included. */
  refresh: number
  /** Calls to `POST /auth/login` and `POST /auth/wx-login`. */
  login: number
  /** Requests per matched route, keyed `'GET /users/:id'` (unmatched: `'GET /the/path'`). */
  requestsByRoute: Record<string, number>
  /** Requests in flight right now. */
  concurrent: number
  /** Highest value `concurrent` reached since start or the last `resetCounters()`. */
  maxConcurrent: number
  /** All HTTP requests seen. */
  total: number
}

/** One finished HTTP request, in arrival order. */
export interface RequestLogEntry {
  /** Effective method, after `X-HTTP-Method-Override`. */
  method: string
  /** Method on the wire (differs from `method` only when overridden). */
  originalMethod: string
  path: string
  /** Raw query string without `?`. */
  query: string
  /** Status sent; `0` when the connection was destroyed before any response. */
  status: number
  /** Request headers, lower-cased names. */
  headers: Record<string, string | string[] | undefined>
  /** Arrival time, ms since the epoch. */
  time: number
  /** Time from arrival to the end of the response or connection. */
  durationMs: number
}

/** Tokens as `POST /auth/login` returns them. `expiresIn` is in seconds (may carry a fraction). */
export interface TokenPair {
  accessToken: string
  refreshToken: string
  expiresIn: number
}

/** Options for {@link DemoServer.issueTokens}. */
export interface IssueTokensOptions {
  /** @default 1 (the seeded `demo` user) */
  userId?: number
  /** `0` or negative → an already-expired access token. @default the server's `accessTokenTtlMs` */
  accessTtlMs?: number
  /** `0` or negative → an already-expired refresh token. @default the server's `refreshTokenTtlMs` */
  refreshTtlMs?: number
}

/** Switches tests flip to make the server misbehave on purpose. */
export interface DemoControls {
  /** Make every `POST /auth/refresh` fail in the given way; `false` restores normal service. */
  failRefresh(mode: RefreshFailure): void
  /** Delay every `POST /auth/refresh` answer by `ms` (0 = none). */
  refreshDelayMs(ms: number): void
  /** Terminate every WebSocket client abruptly (no close frame). */
  dropSockets(): void
  /** Close every WebSocket client cleanly with a close frame. */
  closeSockets(code?: number, reason?: string): void
  /** Answer `{type:'ping'}` with `{type:'pong'}` (default on). */
  answerPings(on: boolean): void
  /**
   * Push `{ type: 'notification', ...payload, at }` to every connected client, or to the
   * clients of one user. Returns how many clients it was sent to.
   */
  notify(payload: Record<string, unknown>, options?: { userId?: number }): number
  /** Number of WebSocket clients connected now. */
  socketCount(): number
  /**
   * Send one raw frame, as it is, to every connected client: a string goes as a text frame
   * (need not be JSON), a Buffer as a binary frame. Returns how many clients got it.
   */
  sendRaw(data: string | Buffer): number
  /**
   * Make the next `times` requests matching `method` and `path` (a prefix or a pattern) fail
   * with `status` (default 503), or stall for `stallMs` (or until the client gives up) before
   * being served. Returns how many requests the fault has hit so far.
   *
   * @example
   * server.control.injectFault({ method: 'PUT', path: /\/upload\/chunked\/[^/]+\/1$/, times: 2 })
   */
  injectFault(fault: {
    method?: string
    path: string | RegExp
    times: number
    status?: number
    stallMs?: number
  }): { readonly hits: number }
  /** Remove every injected fault. */
  clearFaults(): void
}

/** A running demo server. */
export interface DemoServer {
  /** `'http://127.0.0.1:PORT'` */
  url: string
  /** `'ws://127.0.0.1:PORT/ws'` (add `?token=`) */
  wsUrl: string
  port: number
  /** The folder holding uploads, chunks, tus files and downloads (`/files/*`). */
  uploadDir: string
  /** Close HTTP, WebSocket and tus, and remove the temp folder. Safe to call twice. */
  close(): Promise<void>
  counters: DemoCounters
  /** Finished requests, oldest first (keeps the last 10 000). */
  requestLog: RequestLogEntry[]
  /** Zero the counters and empty the request log (in-flight requests stay counted). */
  resetCounters(): void
  /** Mint a token pair without an HTTP round trip. */
  issueTokens(options?: IssueTokensOptions): TokenPair
  control: DemoControls
}
