import { brand, describe, type ErrorRequestInfo, MiniwireError } from './miniwire-error'

/** The request took longer than its `timeout`. */
export class TimeoutError extends MiniwireError {
  /** The timeout that ran out, in milliseconds. */
  readonly timeout: number

  constructor(timeout: number, request?: ErrorRequestInfo, cause?: unknown) {
    super('ERR_TIMEOUT', describe(request, `timed out after ${timeout} ms`), { request, cause })
    brand(this, 'TimeoutError')
    this.timeout = timeout
  }
}
