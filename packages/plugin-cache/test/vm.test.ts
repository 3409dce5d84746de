/**
 * The built CommonJS main, loaded beside core's in a VM that has only what the mini-program
 * logic layer has, answers a repeated GET from its cache and keeps entries in wx storage.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadBuiltPackage, useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'

const main = join(import.meta.dirname, '../dist/index.js')

const env = useIntegration()

describe('the built main in a mini-program VM', () => {
  it('should have been built (run `pnpm build` first)', () => {
    expect(existsSync(main)).toBe(true)
  })

  it('should answer a repeated GET from the cache and store it in wx storage', async () => {
    const { exports: plugin, core } = loadBuiltPackage<
      typeof import('../src'),
      typeof import('@miniwire/core')
    >(join(import.meta.dirname, '..'), env.wx)
    const client = core.createClient({
      baseURL: env.server.url,
      plugins: [plugin.cache({ storage: true })],
    })
    const first = await client.get('/articles/1', { params: { b: 2, a: 1 } })
    const second = await client.get('/articles/1', { params: { a: 1, b: 2 } })
    expect(second).toEqual(first)
    expect(env.server.counters.requestsByRoute['GET /articles/:id']).toBe(1)
    expect(plugin.getCache(client)!.getStats()).toMatchObject({ hits: 1, stored: 1 })
    expect(env.wx.getStorageInfoSync().keys.some((k) => k.startsWith('miniwire:cache:'))).toBe(true)
  })
})
