/**
 * The built CommonJS main, loaded beside core's in a VM that has only what the mini-program
 * logic layer has, shows and hides the loading around a real request.
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

  it('should show the loading around a request and hide it after', async () => {
    const { exports: plugin, core } = loadBuiltPackage<
      typeof import('../src'),
      typeof import('@miniwire/core')
    >(join(import.meta.dirname, '..'), env.wx)
    const client = core.createClient({
      baseURL: env.server.url,
      plugins: [plugin.loading({ delay: 0, minDuration: 0 })],
    })
    await client.get('/echo', { loading: '刷新中' })
    const ui = env.wx.$log.filter((entry) => entry.type === 'ui').map((entry) => entry.name)
    expect(ui).toEqual(['showLoading', 'hideLoading'])
    expect(env.wx.$state.currentLoading).toBeNull()
  })
})
