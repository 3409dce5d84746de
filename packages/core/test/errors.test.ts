import { describe, expect, it } from 'vitest'
import {
  AbortError,
  BusinessError,
  HttpError,
  hasErrorCode,
  isAbortError,
  isBusinessError,
  isHttpError,
  isMiniwireError,
  isNetworkError,
  isTimeoutError,
  MiniwireError,
  NetworkError,
  TimeoutError,
} from '../src'
import { errorFromWxFail } from '../src/wx-error'

const req = { method: 'GET', url: '/users/1' }

describe('errors', () => {
  it('should name method and URL in messages', () => {
    const response = {
      status: 404,
      headers: {},
      data: { code: 404 },
      cookies: [],
      profile: undefined,
    }
    const error = new HttpError({ response, request: req })
    expect(error.message).toBe('GET /users/1 failed with status 404')
    expect(error.code).toBe('ERR_HTTP')
    expect(error.status).toBe(404)
    expect(error.data).toEqual({ code: 404 })
    expect(new TimeoutError({ timeout: 5000, request: req }).message).toBe(
      'GET /users/1 timed out after 5000 ms',
    )
    expect(new AbortError({ request: req }).message).toBe('GET /users/1 was aborted')
    expect(
      new BusinessError({
        businessCode: 40001,
        businessMessage: '余额不足',
        response,
        request: req,
      }).message,
    ).toBe('GET /users/1 failed with business code 40001: 余额不足')
  })

  it('should recognise errors by brand, also from another copy of core', () => {
    const error = new HttpError({
      response: { status: 500, headers: {}, data: null, cookies: [], profile: undefined },
    })
    expect(isHttpError(error)).toBe(true)
    expect(isMiniwireError(error)).toBe(true)
    expect(isNetworkError(error)).toBe(false)
    // A copy of core in another subpackage: same Symbol.for brand, different class.
    const foreign = Object.assign(new Error('x'), {
      code: 'ERR_TIMEOUT',
      [Symbol.for('miniwire.error')]: 'TimeoutError',
    })
    expect(foreign instanceof TimeoutError).toBe(false)
    expect(isTimeoutError(foreign)).toBe(true)
    expect(hasErrorCode(foreign, 'ERR_TIMEOUT')).toBe(true)
    expect(isMiniwireError(new Error('plain'))).toBe(false)
    expect(isMiniwireError(null)).toBe(false)
  })

  it('should keep instanceof within one copy', () => {
    const error = new NetworkError({ message: 'down', code: 'ERR_INTERRUPTED' })
    expect(error).toBeInstanceOf(MiniwireError)
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe('ERR_INTERRUPTED')
    expect(isBusinessError(new BusinessError({ businessCode: 1 }))).toBe(true)
  })

  it.each([
    [{ errMsg: 'request:fail timeout', errno: 5 }, 'ERR_TIMEOUT', isTimeoutError],
    [{ errMsg: 'request:fail abort', errno: 1 }, 'ERR_ABORTED', isAbortError],
    [{ errMsg: 'request:fail interrupted' }, 'ERR_INTERRUPTED', isNetworkError],
    [
      { errMsg: 'request:fail url not in domain list', errno: 600002 },
      'ERR_DOMAIN_NOT_ALLOWED',
      isNetworkError,
    ],
    [
      { errMsg: 'request:fail exceed max task count', errno: 600007 },
      'ERR_TOO_MANY_TASKS',
      isNetworkError,
    ],
    [{ errMsg: 'request:fail invalid url', errno: 600009 }, 'ERR_INVALID_URL', isNetworkError],
    [{ errMsg: 'request:fail ssl hand shake error', errno: 600001 }, 'ERR_NETWORK', isNetworkError],
    [{ errMsg: 'request:fail ' }, 'ERR_NETWORK', isNetworkError],
  ])('should map wx fail %j to %s', (fail, code, guard) => {
    const error = errorFromWxFail(fail, req, 1000)
    expect(error.code).toBe(code)
    expect(guard(error)).toBe(true)
    expect(error.cause).toBe(fail)
    expect(error.request).toEqual(req)
  })

  it('should offer the same mapping from the package entry, for packages that run their own wx tasks', async () => {
    const core = await import('../src')
    const error = core.errorFromWxFail({ errMsg: 'uploadFile:fail timeout', errno: 5 }, req, 1000)
    expect(core.isTimeoutError(error)).toBe(true)
    expect(error.message).toContain('1000 ms')
  })
})
