/**
 * @miniwire/plugin-errors: every failure classified, business envelopes unwrapped, handlers per
 * kind and per business code, and messages users can read, shown once. Importing it adds
 * `errors` to the request options.
 */
import type { ErrorKind } from './classify'
import type { ErrorsOptions } from './options'

declare module '@miniwire/core' {
  interface RequestOptions {
    /**
     * Errors options, layered: the request's over the client's (`createClient({ errors })`) over
     * the plugin's. `false` switches the plugin off for this request (no unwrapping either);
     * `{ silent: true }` only keeps it quiet.
     * @example client.get('/optional', { errors: { silent: true } })
     */
    errors?: ErrorsOptions | false
  }
  interface MiniwireError {
    /** Set by plugin-errors: the failure's kind. */
    kind?: ErrorKind
    /** Set by plugin-errors: the user was already told (a toast or a handler). */
    shown?: boolean
  }
}

export { classify, ERROR_KINDS, type ErrorKind } from './classify'
export type { EnvelopeOptions, ResolvedEnvelope } from './envelope'
export { errors } from './errors'
export { type ErrorMessages, fitToast, MESSAGES } from './messages'
export type { ErrorHandler, ErrorsOptions, Failure, ResolvedErrorsOptions } from './options'
export { errorKind, wasShown } from './shown'
