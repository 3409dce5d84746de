/**
 * The business envelope (switched on with `envelope`) against the demo server, whose every
 * answer is `{ code, message, data }` with `0` for success: unwrapped on success, `BusinessError` with the envelope on a failure
 * code, handlers and messages per business code, field names and success codes configurable.
 */
import { type BusinessError, isBusinessError } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { errors, type Failure, wasShown } from '../src'
import { settle, toasts } from './helpers'

const env = useIntegration()

describe('the business envelope', () => {
  it('should resolve to the envelope data and keep the envelope on the response', async () => {
    const client = env.client({ plugins: [errors({ envelope: true })] })
    const user = (await client.get('/users/1')) as { id: number }
    expect(user.id).toBe(1)
    const response = await client.send({ url: '/users/1' })
    expect(response.data).toEqual(user)
    expect(response.envelope).toEqual({ code: 0, message: 'ok', data: user })
  })

  it('should reject a failure code with a BusinessError carrying the code, message and envelope', async () => {
    const client = env.client({ plugins: [errors({ envelope: true })] })
    const error = (await settle(
      client.get('/fault/business?code=40001&message=余额不足'),
    )) as BusinessError<{ code: number; message: string; data: null }>
    expect(isBusinessError(error)).toBe(true)
    expect(error.businessCode).toBe(40001)
    expect(error.businessMessage).toBe('余额不足')
    expect(error.data).toEqual({ code: 40001, message: '余额不足', data: null })
    expect(error.response?.status).toBe(200)
    expect(error.request).toEqual({
      method: 'GET',
      url: '/fault/business?code=40001&message=余额不足',
    })
    expect(toasts(env.wx)).toEqual([{ title: '余额不足', icon: 'error' }])
  })

  it('should map a registered business code to its message and another to its handler', async () => {
    const seen: Array<string | number | undefined> = []
    const client = env.client({
      plugins: [
        errors({
          envelope: true,
          codes: {
            40002: '优惠券已过期',
            40101: (failure) => void seen.push(failure.businessCode),
          },
        }),
      ],
    })
    await settle(client.get('/fault/business?code=40002&message=coupon expired'))
    const handled = await settle(client.get('/fault/business?code=40101'))
    expect(toasts(env.wx)).toEqual([{ title: '优惠券已过期', icon: 'error' }])
    expect(seen).toEqual([40101])
    expect(wasShown(handled)).toBe(true)
  })

  it('should choose a business code handler for the code in an HTTP error body', async () => {
    const seen: Failure[] = []
    const client = env.client({
      plugins: [
        errors({
          envelope: true,
          codes: { 40300: (failure) => void seen.push(failure) },
          handlers: { forbidden: () => expect.unreachable('the code handler comes first') },
        }),
      ],
    })
    await settle(client.get('/fault/status/403'))
    expect(seen.map((f) => [f.kind, f.businessCode])).toEqual([['forbidden', 40300]])
  })

  it('should take a business code named like an Object method for no registered code', async () => {
    const client = env.client({
      plugins: [
        errors({ envelope: { code: 'message', success: ['ok'] }, codes: { other: '别的' } }),
      ],
    })
    const error = await settle(client.get('/fault/business?message=constructor'))
    expect(isBusinessError(error) && error.businessCode).toBe('constructor')
    expect(wasShown(error)).toBe(true)
    // The server's message (the same field here), not Object.prototype.constructor as a handler.
    expect(toasts(env.wx)).toEqual([{ title: 'constructor', icon: 'error' }])
  })

  it('should read the field names and success codes it is given', async () => {
    const client = env.client({
      plugins: [errors({ envelope: { data: 'message', success: [7] } })],
    })
    expect(await client.get('/fault/business?code=7&message=hello')).toBe('hello')
    const error = await settle(client.get('/fault/business?code=0'))
    expect(isBusinessError(error)).toBe(true)
  })

  it('should leave bodies that are no envelope, and every body by default, as they are', async () => {
    const client = env.client({ plugins: [errors({ envelope: true })] })
    expect(await client.get('/echo/text?text=plain')).toBe('plain')
    const raw = env.client({ plugins: [errors()] })
    expect(await raw.get('/fault/business?code=40001')).toEqual({
      code: 40001,
      message: 'business error',
      data: null,
    })
  })
})
