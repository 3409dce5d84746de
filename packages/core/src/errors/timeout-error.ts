import { brand, describe, type ErrorOptions, MiniwireError } from './miniwire-error'

/** Options of `new TimeoutError()`. */
export interface TimeoutErrorOptions extends ErrorOptions {
  /** The timeout that ran out, in milliseconds. */
  timeout: number
}

/** The request took longer than its `timeout`. */
export class TimeoutError extends MiniwireError {
  /** The timeout that ran out, in milliseconds. */
  readonly timeout: number

  constructor(options: TimeoutErrorOptions) {
    super({
      code: 'ERR_TIMEOUT',
      message:
        options.message || describe(options.request, `timed out after ${options.timeout} ms`),
      request: options.request,
      cause: options.cause,
    })
    brand(this, 'TimeoutError')
    this.timeout = options.timeout
  }
}
