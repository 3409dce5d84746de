/**
 * Whether a failed attempt may be retried by the built-in rules, before `shouldRetry` has its
 * say. The rules keep retries safe: aborts are final; a method that may change server state
 * (POST, PATCH) is retried only with an idempotency key, and without one never after a timeout,
 * an interruption or a network error, where the server may already have acted (got#786, #751).
 */
import { isAbortError, isHttpError, isMiniwireError } from '@miniwire/core'
import { isForceRetryError } from './force'
import { UNSAFE } from './idempotency'
import type { ResolvedRetryOptions } from './resolve'

/** Codes where the request may or may not have reached the server. */
const UNKNOWN_OUTCOME: Record<string, true> = {
  ERR_NETWORK: true,
  ERR_TIMEOUT: true,
  ERR_INTERRUPTED: true,
}

/** True for a failure that says nothing reached (or came back from) the server. */
export function isNetworkClass(error: unknown): boolean {
  return isMiniwireError(error) && UNKNOWN_OUTCOME[error.code] === true
}

/** The built-in answer: may this failure be retried? */
export function isRetryable(
  error: unknown,
  method: string,
  hasKey: boolean,
  options: ResolvedRetryOptions,
): boolean {
  if (isForceRetryError(error)) return true
  if (isAbortError(error)) return false
  const allowed = hasKey || options.methods[method] === true
  if (!allowed) return false
  if (isHttpError(error)) return options.statusCodes.indexOf(error.status) >= 0
  if (!isMiniwireError(error)) return false
  if (error.code === 'ERR_ABORTED' || options.errorCodes.indexOf(error.code) < 0) return false
  return hasKey || !UNSAFE[method] || !UNKNOWN_OUTCOME[error.code]
}
