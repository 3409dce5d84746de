import { describe, expectTypeOf, it } from 'vitest'
import {
  type DemoServer,
  type DemoServerOptions,
  type RequestLogEntry,
  startDemoServer,
  type TokenPair,
} from '../src/index'

describe('public API types', () => {
  it('should take optional options and resolve to a DemoServer', () => {
    expectTypeOf(startDemoServer).parameters.toEqualTypeOf<[options?: DemoServerOptions]>()
    expectTypeOf(startDemoServer).returns.toEqualTypeOf<Promise<DemoServer>>()
    expectTypeOf<DemoServerOptions['expiredTokenResponse']>().toEqualTypeOf<
      'http' | 'business' | undefined
    >()
  })

  it('should expose counters, the log, tokens and controls with the agreed shapes', () => {
    expectTypeOf<DemoServer['counters']>().toEqualTypeOf<{
      refresh: number
      login: number
      requestsByRoute: Record<string, number>
      concurrent: number
      maxConcurrent: number
      total: number
    }>()
    expectTypeOf<RequestLogEntry>().toExtend<{
      method: string
      path: string
      status: number
      headers: Record<string, string | string[] | undefined>
      time: number
    }>()
    expectTypeOf<DemoServer['issueTokens']>().returns.toEqualTypeOf<TokenPair>()
    expectTypeOf<DemoServer['control']['failRefresh']>()
      .parameter(0)
      .toEqualTypeOf<false | 'http500' | 'http401' | 'business'>()
    expectTypeOf<DemoServer['close']>().returns.toEqualTypeOf<Promise<void>>()
  })
})
