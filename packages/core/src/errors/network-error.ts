import { brand, type ErrorCode, type ErrorOptions, MiniwireError } from './miniwire-error'

/** The codes a `NetworkError` may carry. */
export type NetworkErrorCode = Extract<
  ErrorCode,
  | 'ERR_NETWORK'
  | 'ERR_INTERRUPTED'
  | 'ERR_DOMAIN_NOT_ALLOWED'
  | 'ERR_TOO_MANY_TASKS'
  | 'ERR_INVALID_URL'
>

/** Options of `new NetworkError()`. */
export interface NetworkErrorOptions extends ErrorOptions {
  message: string
  /** @default 'ERR_NETWORK' */
  code?: NetworkErrorCode
}

/**
 * The request never got an HTTP answer: no connection, reset, interrupted in the background,
 * domain not allowed, too many tasks, invalid URL. `cause` holds wx's `{ errMsg, errno }`.
 */
export class NetworkError extends MiniwireError {
  constructor(options: NetworkErrorOptions) {
    super({
      code: options.code || 'ERR_NETWORK',
      message: options.message,
      request: options.request,
      cause: options.cause,
    })
    brand(this, 'NetworkError')
  }
}
