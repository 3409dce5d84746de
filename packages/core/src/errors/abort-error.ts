import { brand, describe, type ErrorRequestInfo, MiniwireError } from './miniwire-error'

/** The request was cancelled; `reason` is the signal's reason when it had one. */
export class AbortError extends MiniwireError {
  readonly reason: unknown

  constructor(request?: ErrorRequestInfo, reason?: unknown) {
    super('ERR_ABORTED', describe(request, 'was aborted'), { request, cause: reason })
    brand(this, 'AbortError')
    this.reason = reason
  }
}
