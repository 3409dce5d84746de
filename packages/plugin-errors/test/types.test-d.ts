import type { Client, MiniwireError, RequestConfig } from '@miniwire/core'
import { describe, expectTypeOf, it } from 'vitest'
import { type ErrorKind, errors, type Failure, type ErrorsOptions } from '../src'

declare const client: Client

describe('public signatures', () => {
  it('should add errors to the request options', () => {
    expectTypeOf<RequestConfig['errors']>().toEqualTypeOf<ErrorsOptions | false | undefined>()
    client.get('/x', { errors: { silent: true } })
    client.get('/x', { errors: false })
    // @ts-expect-error silent takes kinds, not arbitrary strings
    client.get('/x', { errors: { silent: ['teapot'] } })
  })

  it('should give handlers a classified failure', () => {
    errors({
      handlers: {
        unauthorized: (failure) => {
          expectTypeOf(failure).toEqualTypeOf<Failure>()
          expectTypeOf(failure.kind).toEqualTypeOf<ErrorKind>()
          expectTypeOf(failure.businessCode).toEqualTypeOf<string | number | undefined>()
          expectTypeOf(failure.toast).toEqualTypeOf<(title?: string) => void>()
        },
      },
      codes: { 40001: '余额不足', 40101: async () => {} },
      message: (failure) => (failure.kind === 'server' ? '系统繁忙' : undefined),
    })
  })

  it('should let a page read the marks on the error it catches', () => {
    expectTypeOf<MiniwireError['kind']>().toEqualTypeOf<ErrorKind | undefined>()
    expectTypeOf<MiniwireError['shown']>().toEqualTypeOf<boolean | undefined>()
  })
})
