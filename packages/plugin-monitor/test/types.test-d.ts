/** Declaration merging and public signatures. */
import { type Context, createClient, type Plugin } from '@miniwire/core'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type Monitor,
  type MonitorRecord,
  type MonitorReport,
  type MonitorStats,
  monitor,
} from '../src'

describe('types', () => {
  it('should add monitor to the request options: a path, { path } or false', () => {
    const client = createClient()
    client.get('/users/1', { monitor: '/users/:id' })
    client.get('/users/1', { monitor: { path: '/users/:id' } })
    client.get('/health', { monitor: false })
    // @ts-expect-error a number is no monitor option
    client.get('/x', { monitor: 3 })
    // @ts-expect-error unknown per-request option
    client.get('/x', { monitor: { historySize: 3 } })
  })

  it('should add cacheHit to ctx.state for any cache layer to set', () => {
    expectTypeOf<Context['state']['cacheHit']>().toEqualTypeOf<boolean | undefined>()
  })

  it('should return a plugin with typed figures', () => {
    const m = monitor({ report: { url: '/collect', sampleRate: 0.5 } })
    expectTypeOf(m).toEqualTypeOf<Monitor>()
    expectTypeOf(m).toMatchTypeOf<Plugin>()
    expectTypeOf(m.getStats()).toEqualTypeOf<MonitorStats>()
    expectTypeOf(m.getReport()).toEqualTypeOf<MonitorReport>()
    expectTypeOf(m.getReport().history).toEqualTypeOf<MonitorRecord[]>()
    expectTypeOf(m.flush()).toEqualTypeOf<Promise<void>>()
    expectTypeOf(m.format()).toEqualTypeOf<string>()
    // @ts-expect-error report needs a url
    monitor({ report: { batchSize: 5 } })
  })
})
