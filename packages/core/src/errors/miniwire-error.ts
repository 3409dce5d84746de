/**
 * The base of every error miniwire throws. Branded with `Symbol.for` so that guards work even
 * when a mini program bundles two copies of core in two subpackages (where `instanceof` fails).
 * Every error class takes one argument, an options object, so plugin errors made with
 * `defineError()` and core's own read alike.
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
  /** The URL's domain is not in the mini program's allowed list. */
  ERR_DOMAIN_NOT_ALLOWED: true
  /** wx refused the task: more than 10 network tasks at once. */
  ERR_TOO_MANY_TASKS: true
  /** wx could not parse the URL. */
  ERR_INVALID_URL: true
  /** The caller passed something unusable (missing url, unsupported method, a bad option, …). */
  ERR_INVALID_OPTION: true
  /** A middleware broke the onion's contract (it settled before the `next()` it called). */
  ERR_MIDDLEWARE: true
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

/** What every error class takes (its own fields come beside these). */
export interface ErrorOptions {
  /** Replaces the message the class would build. */
  message?: string | undefined
  /** The request that failed: the message then starts with `METHOD url`. */
  request?: ErrorRequestInfo | undefined
  /** What went wrong underneath (wx's `{ errMsg, errno }`, an inner error, …). */
  cause?: unknown
}

/** Options of `new MiniwireError()`: a code and a message are required. */
export interface MiniwireErrorOptions extends ErrorOptions {
  code: ErrorCode
  message: string
}

/**
 * @example
 * try { await client.get('/users/1') } catch (e) { if (isMiniwireError(e)) console.log(e.code) }
 */
export class MiniwireError extends Error {
  readonly code: ErrorCode
  readonly request: ErrorRequestInfo | undefined
  declare readonly cause: unknown
  /** The brand guards read; holds the class name. */
  readonly [BRAND]!: string

  constructor(options: MiniwireErrorOptions) {
    super(options.message)
    brand(this, 'MiniwireError')
    this.code = options.code
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
  ;(error as { name: string }).name = (error as { [BRAND]: string })[BRAND] = name
}

/** The brand of a value, when it is a miniwire error of any copy of core. */
export function brandOf(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? (value as MiniwireError)[BRAND] : undefined
}

/** Prefixes a message with `METHOD url` when the request is known. */
export function describe(request: ErrorRequestInfo | undefined, text: string): string {
  return request ? `${request.method} ${request.url} ${text}` : text
}

/** A guard for one brand (the class name its instances carry). */
export function guardFor<E>(name: string): (value: unknown) => value is E {
  return (value: unknown): value is E => brandOf(value) === name
}
