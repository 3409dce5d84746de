import type { MiniwireResponse } from '../types'
import { brand, describe, type ErrorRequestInfo, MiniwireError } from './miniwire-error'

/**
 * The HTTP exchange succeeded but the business envelope says it failed
 * (e.g. `{ code: 40001, message: '余额不足' }`).
 */
export class BusinessError<T = unknown> extends MiniwireError {
  /** The envelope's code. */
  readonly businessCode: string | number
  /** The whole parsed body. */
  readonly data: T
  readonly response: MiniwireResponse<T> | undefined

  constructor(
    businessCode: string | number,
    message: string | undefined,
    response?: MiniwireResponse<T>,
    request?: ErrorRequestInfo,
  ) {
    super(
      'ERR_BUSINESS',
      describe(
        request,
        `failed with business code ${businessCode}${message ? `: ${message}` : ''}`,
      ),
      { request },
    )
    brand(this, 'BusinessError')
    this.businessCode = businessCode
    this.response = response
    this.data = (response && response.data) as T
  }
}
