/**
 * Every failure kind, produced for real by the demo server's fault routes and wx-node's network
 * controls, reaches its own message and its own handler; the caller still gets the error it
 * would have got, marked with its kind and as shown.
 */
import { hasErrorCode, isAbortError, isBusinessError, isHttpError } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { type ErrorKind, errorKind, errors, type Failure, wasShown } from '../src'
import { settle, toasts } from './helpers'

// Interrupt quickly once the app is hidden (the platform waits about 5 s).
const env = useIntegration({ wx: { hideInterruptMs: 20 } })

/** Makes `kind` fail for real on `client`'s runtime; resolves to the rejection. */
async function fail(
  kind: ErrorKind,
  client = env.client({ plugins: [errors({ envelope: true })] }),
) {
  switch (kind) {
    case 'network':
      return settle(client.get('/fault/reset'))
    case 'offline': {
      env.wx.$control.setOnline(false)
      const error = await settle(client.get('/echo'))
      env.wx.$control.setOnline(true)
      return error
    }
    case 'timeout':
      return settle(client.get('/fault/slow?ms=2000', { timeout: 30 }))
    case 'aborted': {
      const pending = settle(client.get('/fault/slow?ms=2000'))
      client.abortAll()
      return pending
    }
    case 'interrupted': {
      const pending = settle(client.get('/fault/slow?ms=2000'))
      env.wx.$control.hideApp()
      const error = await pending
      env.wx.$control.showApp()
      return error
    }
    case 'unauthorized':
      return settle(client.get('/fault/status/401'))
    case 'forbidden':
      return settle(client.get('/fault/status/403'))
    case 'notFound':
      return settle(client.get('/fault/status/404'))
    case 'client':
      return settle(client.get('/fault/status/418'))
    case 'server':
      return settle(client.get('/fault/status/502'))
    case 'business':
      return settle(client.get('/fault/business?code=50001&message=库存不足'))
    case 'unknown':
      client.use(async function broken() {
        throw new Error('a middleware broke')
      })
      return settle(client.get('/echo'))
  }
}

const shownKinds: Array<[ErrorKind, string, string]> = [
  ['network', '网络连接失败', 'error'],
  ['offline', '网络未连接，请检查网络', 'none'],
  ['timeout', '请求超时', 'error'],
  ['interrupted', '请求被中断，请重试', 'none'],
  ['unauthorized', '登录已过期，请重新登录', 'none'],
  ['forbidden', '没有访问权限', 'error'],
  ['notFound', '请求的资源不存在', 'none'],
  ['client', '请求参数错误', 'error'],
  ['server', '服务器错误，请稍后重试', 'none'],
  ['business', '库存不足', 'error'],
  ['unknown', '操作失败，请重试', 'none'],
]

describe('classification', () => {
  it.each(shownKinds)(
    'should show the %s kind as "%s" and reject with the error marked as shown',
    async (kind, title, icon) => {
      const error = await fail(kind)
      expect(errorKind(error)).toBe(kind)
      expect(wasShown(error)).toBe(true)
      expect(toasts(env.wx)).toEqual([{ title, icon }])
    },
  )

  it('should keep an aborted request silent by default', async () => {
    const error = await fail('aborted')
    expect(isAbortError(error)).toBe(true)
    expect(errorKind(error)).toBe('aborted')
    expect(wasShown(error)).toBe(false)
    expect(toasts(env.wx)).toEqual([])
  })

  it('should reject with the error core threw, so its guards still work', async () => {
    expect(isHttpError(await fail('notFound'))).toBe(true)
    expect(isBusinessError(await fail('business'))).toBe(true)
    expect(hasErrorCode(await fail('interrupted'), 'ERR_INTERRUPTED')).toBe(true)
  })

  it('seed defect 4: should choose the 401, 403 and 404 handlers, not one handler for every 4xx', async () => {
    const seen: string[] = []
    const record = (failure: Failure) => {
      seen.push(`${failure.kind} ${failure.message}`)
    }
    const client = env.client({
      plugins: [
        errors({
          handlers: { unauthorized: record, forbidden: record, notFound: record, client: record },
        }),
      ],
    })
    for (const kind of ['unauthorized', 'forbidden', 'notFound', 'client'] as const) {
      const error = await fail(kind, client)
      expect(wasShown(error)).toBe(true)
    }
    expect(seen).toEqual([
      'unauthorized 登录已过期，请重新登录',
      'forbidden 没有访问权限',
      'notFound 请求的资源不存在',
      'client 请求参数错误',
    ])
    expect(toasts(env.wx)).toEqual([])
  })

  it('should call the handler of every kind it is given', async () => {
    const kinds = shownKinds.map(([kind]) => kind)
    const seen: ErrorKind[] = []
    const handlers = Object.fromEntries(
      kinds.map((kind) => [kind, (failure: Failure) => void seen.push(failure.kind)]),
    )
    for (const kind of kinds) {
      await fail(kind, env.client({ plugins: [errors({ envelope: true, handlers })] }))
    }
    expect(seen).toEqual(kinds)
  })
})
