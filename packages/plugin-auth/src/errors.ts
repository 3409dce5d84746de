/**
 * The plugin's one error: authentication failed for good (the refresh failed, nobody is signed
 * in, or the server still refuses a freshly refreshed token). It carries core's `ERR_AUTH`
 * code, so the guard reads the code rather than `instanceof`: a mini program may bundle two
 * copies of the plugin in two subpackages.
 */
import { type ErrorRequestInfo, hasErrorCode, MiniwireError } from '@miniwire/core'

/** Why authentication failed. */
export type AuthErrorReason =
  /** The refresh function rejected, timed out, or resolved without a token. */
  | 'refresh-failed'
  /** There was no token to refresh: nobody is signed in. */
  | 'no-token'
  /** The token expired and no `refresh` function is configured. */
  | 'no-refresh'
  /** The request was refused again after a successful refresh (no second refresh, no loop). */
  | 'still-unauthorized'
  /** The request was refused and its `auth.refresh` option is `false`. */
  | 'unauthorized'
  /** `wx.login` or the code exchange failed. */
  | 'login-failed'

/** Options of `new AuthError()`. */
export interface AuthErrorOptions {
  request?: ErrorRequestInfo | undefined
  cause?: unknown
  /** @default 'refresh-failed' */
  reason?: AuthErrorReason
}

/**
 * Authentication failed for good. `code` is `'ERR_AUTH'`; `cause` holds what went wrong
 * underneath (the refresh request's `HttpError`, the 401 response's error, …).
 *
 * @example
 * try { await client.get('/auth/me') } catch (e) { if (isAuthError(e)) showLoginButton() }
 */
export class AuthError extends MiniwireError {
  /** Why authentication failed. */
  readonly reason: AuthErrorReason

  constructor(message: string, options: AuthErrorOptions = {}) {
    super('ERR_AUTH', message, { request: options.request, cause: options.cause })
    this.name = 'AuthError'
    this.reason = options.reason ?? 'refresh-failed'
  }
}

/**
 * True for an `ERR_AUTH` error from any copy of miniwire.
 *
 * @example
 * const results = await Promise.allSettled(requests)
 * const signedOut = results.some((r) => r.status === 'rejected' && isAuthError(r.reason))
 */
export function isAuthError(value: unknown): value is AuthError {
  return hasErrorCode(value, 'ERR_AUTH')
}

/** The message of anything thrown, for error messages that name the cause. */
export function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message
  if (
    value &&
    typeof value === 'object' &&
    typeof (value as { errMsg?: unknown }).errMsg === 'string'
  ) {
    return (value as { errMsg: string }).errMsg
  }
  return String(value)
}
