/**
 * The base of every error miniwire throws. Branded with `Symbol.for` so that guards work even
 * when a mini program bundles two copies of core in two subpackages (where `instanceof` fails).
 */

/**
 * Error codes. An interface (not a union) so plugins can add theirs:
 * `declare module '@miniwire/core' { interface ErrorCodes { ERR_MY_PLUGIN: true } }`.
 */
export interface ErrorCodes {
  /** The network failed (connection refused, reset, DNS, …). */
  ERR_NETWORK: true
  /** The request took longer than `timeout`. */
  ERR_TIMEOUT: true
  /** The request was aborted by a signal, `abortAll` or `abortGroup`. */
  ERR_ABORTED: true
  /** The server answered with a status `validateStatus` rejects. */
  ERR_HTTP: true
  /** The business envelope carried a failure code. */
  ERR_BUSINESS: true
  /** The app went to the background and wx interrupted the request. */
  ERR_INTERRUPTED: true
  /** Authentication failed for good (refresh failed, no token). */
  ERR_AUTH: true
  /** A storage write exceeded wx's quota (1 MB a key, 10 MB in all). */
  ERR_STORAGE_QUOTA: true
  /** The URL's domain is not in the mini program's allowed list. */
  ERR_DOMAIN_NOT_ALLOWED: true
  /** wx refused the task: more than 10 network tasks at once. */
  ERR_TOO_MANY_TASKS: true
  /** wx could not parse the URL. */
  ERR_INVALID_URL: true
  /** The caller passed something unusable (missing url, unsupported method, circular data, …). */
  ERR_INVALID_OPTION: true
}

/** A literal union of every known error code. */
export type ErrorCode = keyof ErrorCodes

/** What an error tells about the request that failed. */
export interface ErrorRequestInfo {
  method: string
  url: string
}

/** The cause wx gives in a `fail` callback. */
export interface WxFailCause {
  errMsg: string
  errno?: number
}

export const BRAND: unique symbol = Symbol.for('miniwire.error') as never

export interface MiniwireErrorOptions {
  request?: ErrorRequestInfo | undefined
  cause?: unknown
}

/**
 * @example
 * try { await client.get('/users/1') } catch (e) { if (isMiniwireError(e)) console.log(e.code) }
 */
export class MiniwireError extends Error {
  readonly code: ErrorCode
  readonly request: ErrorRequestInfo | undefined
  declare readonly cause: unknown;
  /** @internal the brand guards read; holds the class name. */
  [BRAND]!: string

  constructor(code: ErrorCode, message: string, options: MiniwireErrorOptions = {}) {
    super(message)
    brand(this, 'MiniwireError')
    this.code = code
    this.request = options.request
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', {
        value: options.cause,
        writable: true,
        configurable: true,
      })
    }
  }
}

/** Names an error and brands it with the same name: every error class calls it once. */
export function brand(error: MiniwireError, name: string): void {
  error.name = error[BRAND] = name
}

/** Prefixes a message with `METHOD url` when the request is known. */
export function describe(request: ErrorRequestInfo | undefined, text: string): string {
  return request ? `${request.method} ${request.url} ${text}` : text
}
