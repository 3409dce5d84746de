/**
 * The plugin's one error: authentication failed for good (the refresh failed, nobody is signed
 * in, or the server still refuses a freshly refreshed token). Made with core's `defineError`,
 * so its code, brand and guard work across two bundled copies of the plugin.
 */
import {
  defineError,
  type ErrorOptions,
  type ErrorRequestInfo,
  invalidOption,
  type MiniwireError,
} from '@miniwire/core'

declare module '@miniwire/core' {
  interface ErrorCodes {
    /** Authentication failed for good (refresh failed or impossible, still refused). */
    ERR_AUTH: true
  }
}

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
export interface AuthErrorOptions extends ErrorOptions {
  reason?: AuthErrorReason
}

/**
 * Authentication failed for good. `code` is `'ERR_AUTH'`; `reason` says why; `cause` holds what
 * went wrong underneath: the request's own 401 when no refresh was possible, the refresh's
 * failure when one ran and failed.
 *
 * @example
 * try { await client.get('/auth/me') } catch (e) { if (isAuthError(e)) showLoginButton() }
 */
export const AuthError = defineError<{ reason: AuthErrorReason }>(
  'AuthError',
  'ERR_AUTH',
  'authentication failed',
)
export type AuthError = InstanceType<typeof AuthError>

/**
 * True for an `AuthError` from any copy of miniwire.
 *
 * @example
 * const results = await Promise.allSettled(requests)
 * const signedOut = results.some((r) => r.status === 'rejected' && isAuthError(r.reason))
 */
export const isAuthError: (value: unknown) => value is AuthError = AuthError.is as never

/** An `AuthError` for `reason`: one place builds them all. */
export function authError(
  reason: AuthErrorReason,
  message: string,
  cause?: unknown,
  request?: ErrorRequestInfo,
): AuthError {
  return new AuthError({ reason, message, cause, request })
}

/** `ERR_INVALID_OPTION` starting with the function refused (`auth(): `, `login(): `). */
export function invalid(message: string, where = 'auth()'): MiniwireError {
  return invalidOption(`${where}: ${message}`)
}

/** The message of anything thrown, for error messages that name the cause. */
export function messageOf(value: unknown): string {
  // An Error's message, wx's `{ errMsg }`, or the value itself.
  const { message, errMsg } = (value || {}) as { message?: unknown; errMsg?: unknown }
  return typeof message === 'string' ? message : typeof errMsg === 'string' ? errMsg : String(value)
}
