/**
 * Maps a wx `fail` result to a miniwire error by errno first (stable across languages and
 * versions), then by errMsg. The errno table is the one in wx's docs (wx-runtime.md).
 */
import {
  AbortError,
  type ErrorRequestInfo,
  type MiniwireError,
  NetworkError,
  TimeoutError,
  type WxFailCause,
} from './errors'
import type { NetworkErrorCode } from './errors/network-error'

const BY_ERRNO: Record<number, NetworkErrorCode> = {
  600002: 'ERR_DOMAIN_NOT_ALLOWED',
  600003: 'ERR_INTERRUPTED',
  600007: 'ERR_TOO_MANY_TASKS',
  600009: 'ERR_INVALID_URL',
}

const BY_MESSAGE: Array<[RegExp, NetworkErrorCode]> = [
  [/interrupted/i, 'ERR_INTERRUPTED'],
  [/domain list/i, 'ERR_DOMAIN_NOT_ALLOWED'],
  [/max task/i, 'ERR_TOO_MANY_TASKS'],
  [/invalid url/i, 'ERR_INVALID_URL'],
]

/** The error a wx `fail` stands for. */
export function errorFromWxFail(
  fail: WxFailCause,
  request: ErrorRequestInfo,
  timeout: number,
): MiniwireError {
  const msg = fail.errMsg || ''
  if (fail.errno === 5 || /time(d)? ?out/i.test(msg))
    return new TimeoutError(timeout, request, fail)
  if (fail.errno === 1 || /abort/i.test(msg)) return new AbortError(request, fail)
  let code: NetworkErrorCode | undefined =
    fail.errno === undefined ? undefined : BY_ERRNO[fail.errno]
  if (!code) code = BY_MESSAGE.find(([re]) => re.test(msg))?.[1] ?? 'ERR_NETWORK'
  return new NetworkError(`${request.method} ${request.url} failed: ${msg || 'network error'}`, {
    code,
    request,
    cause: fail,
  })
}
