import { brand, type ErrorCode, MiniwireError, type MiniwireErrorOptions } from './miniwire-error'

/** The codes a `NetworkError` may carry. */
export type NetworkErrorCode = Extract<
  ErrorCode,
  | 'ERR_NETWORK'
  | 'ERR_INTERRUPTED'
  | 'ERR_DOMAIN_NOT_ALLOWED'
  | 'ERR_TOO_MANY_TASKS'
  | 'ERR_INVALID_URL'
>

/**
 * The request never got an HTTP answer: no connection, reset, interrupted in the background,
 * domain not allowed, too many tasks, invalid URL. `cause` holds wx's `{ errMsg, errno }`.
 */
export class NetworkError extends MiniwireError {
  constructor(message: string, options: MiniwireErrorOptions & { code?: NetworkErrorCode } = {}) {
    super(options.code || 'ERR_NETWORK', message, options)
    brand(this, 'NetworkError')
  }
}
