import type { MiniwireResponse, RegisteredEnvelope } from '../types'
import { brand, describe, type ErrorOptions, MiniwireError } from './miniwire-error'

/** Options of `new BusinessError()`. */
export interface BusinessErrorOptions<T = RegisteredEnvelope> extends ErrorOptions {
  /** The envelope's code. */
  businessCode: string | number
  /** The envelope's message, as the server wrote it. */
  businessMessage?: string | undefined
  response?: MiniwireResponse<T> | undefined
}

/**
 * The HTTP exchange succeeded but the business envelope says it failed
 * (e.g. `{ code: 40001, message: '余额不足' }`). `T` is the envelope: the registered one
 * (`Register['envelope']`) unless given.
 */
export class BusinessError<T = RegisteredEnvelope> extends MiniwireError {
  /** The envelope's code. */
  readonly businessCode: string | number
  /** The envelope's message, as the server wrote it. */
  readonly businessMessage: string | undefined
  /** The whole parsed body (the envelope). */
  readonly data: T
  readonly response: MiniwireResponse<T> | undefined

  constructor(options: BusinessErrorOptions<T>) {
    const { businessCode, businessMessage, response } = options
    super({
      code: 'ERR_BUSINESS',
      message:
        options.message ||
        describe(
          options.request,
          `failed with business code ${businessCode}${businessMessage ? `: ${businessMessage}` : ''}`,
        ),
      request: options.request,
      cause: options.cause,
    })
    brand(this, 'BusinessError')
    this.businessCode = businessCode
    this.businessMessage = businessMessage
    this.response = response
    this.data = (response && response.data) as T
  }
}
