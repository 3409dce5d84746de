export { AbortError, type AbortErrorOptions } from './abort-error'
export { BusinessError, type BusinessErrorOptions } from './business-error'
export { defineError, type ErrorClass } from './define-error'
export {
  hasErrorCode,
  ignoreAbort,
  isAbortError,
  isBusinessError,
  isHttpError,
  isMiniwireError,
  isNetworkError,
  isTimeoutError,
} from './guards'
export { HttpError, type HttpErrorOptions } from './http-error'
export {
  type ErrorCode,
  type ErrorCodes,
  type ErrorOptions,
  type ErrorRequestInfo,
  MiniwireError,
  type MiniwireErrorOptions,
  type WxFailCause,
} from './miniwire-error'
export { NetworkError, type NetworkErrorCode, type NetworkErrorOptions } from './network-error'
export { TimeoutError, type TimeoutErrorOptions } from './timeout-error'
