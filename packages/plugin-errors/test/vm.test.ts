/**
 * The built CommonJS main, loaded beside core's in a VM that has only what the mini-program
 * logic layer has, unwraps an envelope and shows a failure's toast.
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

  it('should unwrap an envelope and show a failure as a toast', async () => {
    const { exports: plugin, core } = loadBuiltPackage<
      typeof import('../src'),
      typeof import('@miniwire/core')
    >(join(import.meta.dirname, '..'), env.wx)
    const client = core.createClient({
      baseURL: env.server.url,
      plugins: [plugin.errors({ envelope: true })],
    })
    const user = (await client.get('/users/1')) as { id: number }
    expect(user.id).toBe(1)
    const error = await client.get('/fault/status/404').catch((e: unknown) => e)
    expect(plugin.wasShown(error)).toBe(true)
    expect(plugin.errorKind(error)).toBe('notFound')
    expect(env.wx.$state.currentToast?.title).toBe('请求的资源不存在')
  })
})
