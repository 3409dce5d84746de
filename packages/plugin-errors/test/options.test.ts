/**
 * Who tells the user, and in which words: the request's handler before the business code's,
 * the kind's and the fallback; silence per kind and per request; English and custom messages;
 * titles fitted to wx's toast; bad options refused by name.
 */
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { errors, type Failure, fitToast, wasShown } from '../src'
import { settle, toasts } from './helpers'

const env = useIntegration()

describe('handlers', () => {
  it('should prefer the request handler, then the kind handler, then the fallback', async () => {
    const seen: string[] = []
    const client = env.client({
      plugins: [
        errors({
          handlers: { notFound: () => void seen.push('kind') },
          fallback: (failure) => void seen.push(`fallback ${failure.kind}`),
        }),
      ],
    })
    await settle(
      client.get('/fault/status/404', {
        errors: { handler: () => void seen.push('request') },
      }),
    )
    await settle(client.get('/fault/status/404'))
    await settle(client.get('/fault/status/500'))
    expect(seen).toEqual(['request', 'kind', 'fallback server'])
    expect(toasts(env.wx)).toEqual([])
  })

  it('should let a handler show the toast itself', async () => {
    const client = env.client({
      plugins: [errors({ fallback: (failure: Failure) => failure.toast(`${failure.message}!`) })],
    })
    await settle(client.get('/fault/status/500'))
    expect(toasts(env.wx).map((t) => t.title)).toEqual(['服务器错误，请稍后重试!'])
  })

  it('should wait for an async handler and reject with its error when it throws', async () => {
    const client = env.client({
      plugins: [
        errors({
          fallback: async () => {
            throw new Error('the handler failed')
          },
        }),
      ],
    })
    const error = await settle(client.get('/fault/status/500'))
    expect((error as Error).message).toBe('the handler failed')
  })

  it('should stay silent for one request, or for the kinds it is told', async () => {
    const client = env.client({ plugins: [errors({ silent: ['notFound'] })] })
    const quiet = await settle(client.get('/fault/status/500', { errors: { silent: true } }))
    const notFound = await settle(client.get('/fault/status/404'))
    expect(wasShown(quiet)).toBe(false)
    expect(wasShown(notFound)).toBe(false)
    expect(toasts(env.wx)).toEqual([])
  })

  it('should switch everything off with errors: false', async () => {
    const client = env.client({ plugins: [errors()] })
    const error = await settle(client.get('/fault/status/500', { errors: false }))
    expect(wasShown(error)).toBe(false)
    expect(toasts(env.wx)).toEqual([])
  })
})

describe('messages', () => {
  it('should speak English when asked', async () => {
    const client = env.client({ plugins: [errors({ locale: 'en' })] })
    await settle(client.get('/fault/status/404'))
    expect(toasts(env.wx)).toEqual([{ title: 'Not found', icon: 'error' }])
  })

  it('should take messages per kind and a message function over the defaults', async () => {
    const client = env.client({
      plugins: [
        errors({
          messages: { server: '系统繁忙' },
          message: (failure) => (failure.kind === 'forbidden' ? '请联系管理员' : undefined),
        }),
      ],
    })
    await settle(client.get('/fault/status/503'))
    await settle(client.get('/fault/status/403'))
    expect(toasts(env.wx).map((t) => t.title)).toEqual(['系统繁忙', '请联系管理员'])
  })

  it('should fit titles to the toast: an icon up to 7 Chinese characters, two lines without', () => {
    expect(fitToast('请求超时', 'error')).toEqual({ title: '请求超时', icon: 'error' })
    expect(fitToast('Not found', 'error')).toEqual({ title: 'Not found', icon: 'error' })
    expect(fitToast('网络未连接，请检查', 'error')).toEqual({
      title: '网络未连接，请检查',
      icon: 'none',
    })
    expect(fitToast('请求超时', 'none')).toEqual({ title: '请求超时', icon: 'none' })
    const long = fitToast('很'.repeat(50), 'error')
    expect(long.icon).toBe('none')
    expect(long.title).toBe(`${'很'.repeat(35)}…`)
  })
})

describe('options', () => {
  it('should refuse bad options with ERR_INVALID_OPTION naming them', async () => {
    expect(() => errors({ handlers: { teapot: () => {} } as never })).toThrow(
      /errors\(\): errors\.handlers must be an object of handler functions by kind \(network, offline/,
    )
    expect(() => errors({ envelope: { success: 0 } as never })).toThrow(
      'errors(): errors.envelope must be a boolean or an object of code, message, data, success',
    )
    expect(() => errors({ locale: 'fr' as never })).toThrow(
      'errors.locale must be one of "zh-CN", "en", got "fr"',
    )
    const client = env.client({ plugins: [errors()] })
    await expect(client.get('/echo', { errors: { duration: 0 } })).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message: expect.stringContaining('errors.duration must be a finite number > 0, got 0'),
    })
  })
})
