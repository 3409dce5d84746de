/**
 * The built CommonJS main, loaded beside core's in a VM that has only what the mini-program
 * logic layer has: a token about to expire is read from the runtime's storage, its JWT `exp`
 * decoded without atob or Buffer, and refreshed once ahead of time before the request is sent.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadBuiltPackage, useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'

const dir = join(import.meta.dirname, '..')
const env = useIntegration()

describe('the built main in a mini-program VM', () => {
  it('should have been built (run `pnpm build` first)', () => {
    expect(existsSync(join(dir, 'dist/index.js'))).toBe(true)
  })

  it('should refresh ahead of a JWT exp read from storage, once for concurrent requests', async () => {
    const { exports: plugin, core } = loadBuiltPackage<
      typeof import('../src'),
      typeof import('@miniwire/core')
    >(dir, env.wx)
    env.wx.setStorageSync('miniwire:auth', env.server.issueTokens({ accessTtlMs: 3000 }))
    const client = core.createClient({
      baseURL: env.server.url,
      plugins: [
        plugin.auth({
          proactive: { skew: 5000 },
          refresh: async ({ client: bare, refreshToken }) =>
            (await bare.post<{ data: { accessToken: string } }>('/auth/refresh', { refreshToken }))
              .data,
        }),
      ],
    })
    const answers = await Promise.all([client.get('/auth/me'), client.get('/auth/me')])
    expect(answers).toHaveLength(2)
    expect(env.server.counters.refresh).toBe(1)
    const me = env.server.requestLog.filter((entry) => entry.path === '/auth/me')
    expect(me.map((entry) => entry.status)).toEqual([200, 200])
  })
})
