import { createFakeWx } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { checks, createClient, defineOptions, hasErrorCode, type Plugin } from '../../src'

interface DemoOptions {
  limit?: number
  mode?: 'fast' | 'slow'
  onEvent?: () => void
}
type Resolved = Required<Omit<DemoOptions, 'onEvent'>> & { onEvent: (() => void) | undefined }

declare module '../../src' {
  interface RequestOptions {
    demo?: DemoOptions | number | false
  }
}

const options = defineOptions<DemoOptions, Resolved>({
  key: 'demo',
  schema: {
    limit: checks.integer(),
    mode: checks.oneOf('fast', 'slow'),
    onEvent: checks.func,
  },
  defaults: { limit: 2, mode: 'fast', onEvent: undefined },
  shorthand: (value) => (typeof value === 'number' ? { limit: value } : undefined),
})

/** A plugin that records the options each request gets. */
function demo(given?: DemoOptions): Plugin & { seen: Array<Resolved | false> } {
  const resolved = options.resolve(given)
  const seen: Array<Resolved | false> = []
  return {
    name: 'demo',
    optionKeys: ['demo'],
    seen,
    middleware: async function demo(ctx, next) {
      seen.push(options.forRequest(ctx, resolved, ctx.request.demo, ctx.client.defaults.demo))
      await next()
    },
  }
}

describe('defineOptions()', () => {
  it('should fill the defaults and accept the short form', () => {
    expect(options.resolve(undefined)).toEqual({ limit: 2, mode: 'fast', onEvent: undefined })
    expect(options.resolve(5)).toMatchObject({ limit: 5, mode: 'fast' })
  })

  it('should refuse an unknown key, naming it and the known ones', () => {
    expect(() => options.resolve({ limt: 3 })).toThrow(
      'demo(): unknown option demo.limt (known: limit, mode, onEvent)',
    )
  })

  it('should name the option, the value given and what was expected', () => {
    let error: unknown
    try {
      options.resolve({ limit: '3' })
    } catch (caught) {
      error = caught
    }
    expect(hasErrorCode(error, 'ERR_INVALID_OPTION')).toBe(true)
    expect((error as Error).message).toBe('demo(): demo.limit must be an integer ≥ 0, got "3"')
    expect(() => options.resolve({ mode: 'turbo' })).toThrow(
      'demo.mode must be one of "fast", "slow", got "turbo"',
    )
    expect(() => options.resolve('lots')).toThrow(
      'demo options must be an object (or its short form) or false, got "lots"',
    )
  })

  it('should layer plugin < client < request options, with false switching the plugin off', async () => {
    const wx = createFakeWx()
    const plugin = demo({ limit: 1 })
    const client = createClient({ wx: wx as never, demo: { mode: 'slow' }, plugins: [plugin] })
    await client.get('/a')
    await client.get('/b', { demo: { limit: 7 } })
    await client.get('/c', { demo: 9 })
    await client.get('/d', { demo: false })
    expect(plugin.seen).toEqual([
      { limit: 1, mode: 'slow', onEvent: undefined },
      { limit: 7, mode: 'slow', onEvent: undefined },
      { limit: 9, mode: 'slow', onEvent: undefined },
      false,
    ])
  })

  it('should let a request switch back on a plugin its client switched off', async () => {
    const wx = createFakeWx()
    const plugin = demo()
    const client = createClient({ wx: wx as never, demo: false, plugins: [plugin] })
    await client.get('/a')
    await client.get('/b', { demo: { mode: 'slow' } })
    expect(plugin.seen).toEqual([false, { limit: 2, mode: 'slow', onEvent: undefined }])
  })

  it('should reject a request whose own options are bad, naming the request', async () => {
    const wx = createFakeWx()
    const client = createClient({ wx: wx as never, plugins: [demo()] })
    await expect(client.get('/x', { demo: { limit: -1 } })).rejects.toThrow(
      'GET /x: demo.limit must be an integer ≥ 0, got -1',
    )
    expect(wx.calls).toHaveLength(0)
  })
})
