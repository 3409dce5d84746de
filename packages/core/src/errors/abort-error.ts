import { brand, describe, type ErrorOptions, MiniwireError } from './miniwire-error'

/** Options of `new AbortError()`. */
export interface AbortErrorOptions extends ErrorOptions {
  /** The signal's reason, when it had one: a string or an Error names why in the message. */
  reason?: unknown
}

/** A reason worth naming: a string, or an error other than the standard default abort reason. */
function why(reason: unknown): string {
  if (typeof reason === 'string') return `: ${reason}`
  const error = reason as Error | undefined
  if (error instanceof Error && error.name !== 'AbortError' && error.message) {
    return `: ${error.message}`
  }
  return ''
}

/** The request was cancelled; `reason` is the signal's reason when it had one. */
export class AbortError extends MiniwireError {
  readonly reason: unknown

  constructor(options: AbortErrorOptions = {}) {
    super({
      code: 'ERR_ABORTED',
      message: options.message || describe(options.request, `was aborted${why(options.reason)}`),
      request: options.request,
      cause: options.cause === undefined ? options.reason : options.cause,
    })
    brand(this, 'AbortError')
    this.reason = options.reason
  }
}
