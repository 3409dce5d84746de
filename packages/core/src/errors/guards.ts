/**
 * Guards that read the `Symbol.for` brand rather than `instanceof`: two copies of core (two
 * subpackages) still recognise each other's errors.
 */
import type { AbortError } from './abort-error'
import type { BusinessError } from './business-error'
import type { RegisteredEnvelope } from '../types'
import type { HttpError } from './http-error'
import { brandOf, type ErrorCode, guardFor, type MiniwireError } from './miniwire-error'
import type { NetworkError } from './network-error'
import type { TimeoutError } from './timeout-error'

/** Any error miniwire threw (or an error of another copy of miniwire). */
export function isMiniwireError(value: unknown): value is MiniwireError {
  return typeof brandOf(value) === 'string'
}

export const isHttpError: <T = unknown>(value: unknown) => value is HttpError<T> =
  guardFor('HttpError')
export const isNetworkError: (value: unknown) => value is NetworkError = guardFor('NetworkError')
export const isTimeoutError: (value: unknown) => value is TimeoutError = guardFor('TimeoutError')
export const isAbortError: (value: unknown) => value is AbortError = guardFor('AbortError')
export const isBusinessError: <T = RegisteredEnvelope>(
  value: unknown,
) => value is BusinessError<T> = guardFor('BusinessError')

/** True when `value` is a miniwire error with this code. */
export function hasErrorCode(value: unknown, code: ErrorCode): value is MiniwireError {
  return isMiniwireError(value) && value.code === code
}

/**
 * For `.catch()`: swallows an abort (a page left early, `abortGroup` in `onUnload`) and rethrows
 * anything else, so leaving a page is silent and real failures still surface.
 *
 * @example
 * client.get('/feed', { group: this.route }).then((feed) => this.setData({ feed }), ignoreAbort)
 */
export function ignoreAbort(error: unknown): undefined {
  if (isAbortError(error)) return undefined
  throw error
}
