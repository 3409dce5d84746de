export { AbortError } from './abort-error'
export { BusinessError } from './business-error'
export {
  hasErrorCode,
  isAbortError,
  isBusinessError,
  isHttpError,
  isMiniwireError,
  isNetworkError,
  isTimeoutError,
} from './guards'
export { HttpError } from './http-error'
export {
  type ErrorCode,
  type ErrorCodes,
  type ErrorRequestInfo,
  MiniwireError,
  type MiniwireErrorOptions,
  type WxFailCause,
} from './miniwire-error'
export { NetworkError, type NetworkErrorCode } from './network-error'
export { TimeoutError } from './timeout-error'
