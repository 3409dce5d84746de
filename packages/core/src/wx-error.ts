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

/** errno, then the errMsg pattern, of each network failure wx names; the rest is ERR_NETWORK. */
const CODES: Array<[number, RegExp, NetworkErrorCode]> = [
  [600003, /interrupted/i, 'ERR_INTERRUPTED'],
  [600002, /domain list/i, 'ERR_DOMAIN_NOT_ALLOWED'],
  [600007, /max task/i, 'ERR_TOO_MANY_TASKS'],
  [600009, /invalid url/i, 'ERR_INVALID_URL'],
]

/**
 * The error a wx `fail` stands for. Part of the plugin kit: packages that run their own wx
 * tasks (`uploadFile`, `downloadFile`) map failures exactly as the adapter does.
 *
 * @example
 * fail: (err) => reject(errorFromWxFail(err, { method: 'POST', url }, 60_000))
 */
export function errorFromWxFail(
  fail: WxFailCause,
  request: ErrorRequestInfo,
  timeout: number,
): MiniwireError {
  const msg = fail.errMsg || ''
  if (fail.errno === 5 || /time(d)? ?out/i.test(msg))
    return new TimeoutError({ timeout, request, cause: fail })
  if (fail.errno === 1 || /abort/i.test(msg)) return new AbortError({ request, cause: fail })
  const entry =
    CODES.find(([errno]) => errno === fail.errno) || CODES.find(([, pattern]) => pattern.test(msg))
  const code = entry ? entry[2] : 'ERR_NETWORK'
  return new NetworkError({
    message: `${request.method} ${request.url} failed: ${msg || 'network error'}`,
    code,
    request,
    cause: fail,
  })
}
