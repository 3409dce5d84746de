/**
 * Guards that read the `Symbol.for` brand rather than `instanceof`: two copies of core (two
 * subpackages) still recognise each other's errors.
 */
import type { AbortError } from './abort-error'
import type { BusinessError } from './business-error'
import type { HttpError } from './http-error'
import { BRAND, type ErrorCode, type MiniwireError } from './miniwire-error'
import type { NetworkError } from './network-error'
import type { TimeoutError } from './timeout-error'

function brandOf(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? (value as MiniwireError)[BRAND] : undefined
}

/** Any error miniwire threw (or an error of another copy of miniwire). */
export function isMiniwireError(value: unknown): value is MiniwireError {
  return typeof brandOf(value) === 'string'
}
/** A guard for one class name (the brand a class sets on its instances). */
const guard =
  (name: string) =>
  (value: unknown): boolean =>
    brandOf(value) === name

export const isHttpError: <T = unknown>(value: unknown) => value is HttpError<T> = guard(
  'HttpError',
) as never
export const isNetworkError: (value: unknown) => value is NetworkError = guard(
  'NetworkError',
) as never
export const isTimeoutError: (value: unknown) => value is TimeoutError = guard(
  'TimeoutError',
) as never
export const isAbortError: (value: unknown) => value is AbortError = guard('AbortError') as never
export const isBusinessError: <T = unknown>(value: unknown) => value is BusinessError<T> = guard(
  'BusinessError',
) as never

/** True when `value` is a miniwire error with this code. */
export function hasErrorCode(value: unknown, code: ErrorCode): value is MiniwireError {
  return isMiniwireError(value) && value.code === code
}
