/**
 * @miniwire/plugin-auth: token injection, a single-flight refresh shared by every transport,
 * login-page redirect once per failure, and `wx.login` sign-in. Importing it switches on the
 * per-request `auth` option.
 */
import type { AuthError } from './errors'
import type { AuthRequestOptions, AuthState } from './types'

export { AuthError, type AuthErrorOptions, type AuthErrorReason, isAuthError } from './errors'
export { decodeBase64Url, decodeJwtPayload, jwtExpiresAt } from './jwt'
export { type LoginOptions, login } from './login'
export { type AuthPlugin, auth } from './plugin'
export { getTokenProvider } from './provider'
export { DEFAULT_PUBLIC_PATHS, type OriginCheck, originOf } from './targets'
export type { TokenInput, TokenSet, TokenStorage } from './tokens'
export type {
  AuthFailureEvent,
  AuthOptions,
  AuthRequestOptions,
  AuthState,
  RefreshContext,
  RefreshFunction,
  RefreshOptions,
  TokenProvider,
  TokenProviderOptions,
  WaitOptions,
} from './types'

declare module '@miniwire/core' {
  interface RequestOptions {
    /**
     * `false` sends the request without the token and without refresh handling.
     * @default {} (the plugin's options)
     * @example client.post('/auth/wx-login', { code }, { auth: false })
     */
    auth?: false | AuthRequestOptions
  }
  interface ContextState {
    auth?: AuthState
  }
  interface ClientEvents {
    /** A refresh settled. */
    'auth:refresh': { ok: boolean; error?: AuthError }
    /** Authentication failed for good; `onAuthFailure` runs once per event. */
    'auth:failure': { error: AuthError }
  }
}
