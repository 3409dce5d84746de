import type { MiniwireResponse } from '../types'
import { brand, describe, type ErrorRequestInfo, MiniwireError } from './miniwire-error'

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

  constructor(response: MiniwireResponse<T>, request?: ErrorRequestInfo) {
    super('ERR_HTTP', describe(request, `failed with status ${response.status}`), { request })
    brand(this, 'HttpError')
    this.status = response.status
    this.headers = response.headers
    this.data = response.data
    this.response = response
  }
}
