import { type Context, createClient, type Plugin, type RequestConfig } from '@miniwire/core'
import { describe, expectTypeOf, it } from 'vitest'
import {
  computeDelay,
  ForceRetryError,
  forceRetry,
  parseRetryAfter,
  type RetryEvent,
  type RetryOptions,
  type RetryState,
  retry,
} from '../src'

describe('declaration merging', () => {
  it('should add retry to request and client options', () => {
    expectTypeOf<RequestConfig['retry']>().toEqualTypeOf<
      RetryOptions | number | false | undefined
    >()
    const client = createClient({ retry: { limit: 3 } })
    client.get('/x', { retry: false })
    client.get('/x', { retry: 5 })
    client.post('/x', {}, { retry: { idempotencyKey: true } })
    // @ts-expect-error an unknown option is refused
    client.get('/x', { retry: { retries: 3 } })
  })

  it('should type ctx.state.retry and the retry event', () => {
    expectTypeOf<Context['state']['retry']>().toEqualTypeOf<RetryState | undefined>()
    const client = createClient()
    client.on('retry', (event) => {
      expectTypeOf(event).toEqualTypeOf<RetryEvent>()
      expectTypeOf(event.attempt).toBeNumber()
      expectTypeOf(event.delay).toBeNumber()
    })
  })
})

describe('public signatures', () => {
  it('should return a plugin and accept options or a number', () => {
    expectTypeOf(retry).parameter(0).toEqualTypeOf<RetryOptions | number | undefined>()
    expectTypeOf(retry()).toEqualTypeOf<Plugin>()
  })

  it('should type the pure helpers', () => {
    expectTypeOf(computeDelay).returns.toBeNumber()
    expectTypeOf(parseRetryAfter).returns.toEqualTypeOf<number | undefined>()
    expectTypeOf(forceRetry).parameter(0).toEqualTypeOf<Context>()
    expectTypeOf(new ForceRetryError({ delay: 5 }).delay).toEqualTypeOf<number | undefined>()
  })

  it('should pass shouldRetry the context, the error and the attempt', () => {
    const options: RetryOptions = {
      shouldRetry: async ({ ctx, error, attempt }) => {
        expectTypeOf(ctx).toEqualTypeOf<Context>()
        expectTypeOf(error).toBeUnknown()
        expectTypeOf(attempt).toBeNumber()
        return undefined
      },
    }
    expectTypeOf(options.shouldRetry).not.toBeUndefined()
  })
})
