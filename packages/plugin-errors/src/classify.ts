/**
 * Sorts every failure into one kind, with core's guards and error codes rather than by reading
 * messages: each HTTP status of interest has its own kind, so a 401, 403 or 404 handler is
 * chosen (the seed guide's defect 4 called every 4xx `client_error`), and a network failure
 * while the runtime reports no network is `offline`.
 */
import {
  getAppState,
  hasErrorCode,
  isAbortError,
  isBusinessError,
  isHttpError,
  isMiniwireError,
  isNetworkError,
  isTimeoutError,
  type WxRuntime,
} from '@miniwire/core'

/** What went wrong, as a user would be told. */
export type ErrorKind =
  /** No connection, reset, DNS, domain not allowed, … */
  | 'network'
  /** A network failure while the device has no network. */
  | 'offline'
  /** The request took longer than its `timeout`. */
  | 'timeout'
  /** The caller (or `abortGroup`, `abortAll`) cancelled it: silent by default. */
  | 'aborted'
  /** wx interrupted it while the app was in the background. */
  | 'interrupted'
  /** HTTP 401, or plugin-auth's `ERR_AUTH`. */
  | 'unauthorized'
  /** HTTP 403. */
  | 'forbidden'
  /** HTTP 404. */
  | 'notFound'
  /** Any other HTTP 4xx. */
  | 'client'
  /** HTTP 5xx. */
  | 'server'
  /** The envelope's code is not a success code (`BusinessError`). */
  | 'business'
  /** Anything else. */
  | 'unknown'

/** Every kind, in the order above. */
export const ERROR_KINDS: readonly ErrorKind[] = [
  'network',
  'offline',
  'timeout',
  'aborted',
  'interrupted',
  'unauthorized',
  'forbidden',
  'notFound',
  'client',
  'server',
  'business',
  'unknown',
]

const BY_STATUS: Record<number, ErrorKind> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
}

/**
 * The kind of a failure. `wx` is asked whether the network is down when the failure is a
 * network error.
 *
 * @example
 * await classify(error, client.wx) // 'notFound' for an HttpError with status 404
 */
export async function classify(error: unknown, wx: WxRuntime): Promise<ErrorKind> {
  if (isAbortError(error)) return 'aborted'
  if (hasErrorCode(error, 'ERR_INTERRUPTED')) return 'interrupted'
  if (isTimeoutError(error)) return 'timeout'
  if (isNetworkError(error)) return (await getAppState(wx).isOffline()) ? 'offline' : 'network'
  if (isHttpError(error)) {
    const status = error.status
    return BY_STATUS[status] || (status >= 500 ? 'server' : status >= 400 ? 'client' : 'unknown')
  }
  if (isBusinessError(error)) return 'business'
  // plugin-auth's error, known by its code so that this package need not import it.
  if (isMiniwireError(error) && (error.code as string) === 'ERR_AUTH') return 'unauthorized'
  return 'unknown'
}
