import type { MiniwireResponse } from '../types'
import { brand, describe, type ErrorOptions, MiniwireError } from './miniwire-error'

/** Options of `new HttpError()`. */
export interface HttpErrorOptions<T = unknown> extends ErrorOptions {
  response: MiniwireResponse<T>
}

/**
 * The server answered with a status that `validateStatus` rejects.
 *
 * @example
 * if (isHttpError(e) && e.status === 404) showEmptyState()
 */
export class HttpError<T = unknown> extends MiniwireError {
  readonly status: number
  readonly headers: Record<string, string>
  /** The parsed body. */
  readonly data: T
  readonly response: MiniwireResponse<T>

  constructor(options: HttpErrorOptions<T>) {
    const response = options.response
    super({
      code: 'ERR_HTTP',
      message:
        options.message || describe(options.request, `failed with status ${response.status}`),
      request: options.request,
      cause: options.cause,
    })
    brand(this, 'HttpError')
    this.status = response.status
    this.headers = response.headers
    this.data = response.data
    this.response = response
  }
}
