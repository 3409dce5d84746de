/**
 * The built CommonJS main, loaded beside core's in a VM that has only what the mini-program
 * logic layer has: it records a real request, sends a correlation id, and formats its report.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createMiniProgramVM, useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'

const main = join(import.meta.dirname, '../dist/index.js')

const env = useIntegration()

describe('the built main in a mini-program VM', () => {
  it('should have been built (run `pnpm build` first)', () => {
    expect(existsSync(main)).toBe(true)
  })

  it('should record requests, send a correlation id and persist without Node globals', async () => {
    const vm = createMiniProgramVM({ wx: env.wx })
    const plugin = vm.load(main) as typeof import('../src')
    const core = vm.load(
      createRequire(main).resolve('@miniwire/core'),
    ) as typeof import('@miniwire/core')
    const stats = plugin.monitor({ correlationHeader: 'x-request-id' })
    const client = core.createClient({ baseURL: env.server.url, plugins: [stats] })
    await client.get('/echo', { params: { token: 'hidden' } })
    await client.get('/fault/flaky', { params: { key: `vm-${Date.now()}` } }).catch(() => {})
    const [ok, failed] = stats.getReport().history
    expect(ok).toMatchObject({ url: '/echo', status: 200, ok: true })
    expect(failed).toMatchObject({ url: '/fault/flaky', status: 503, code: 'ERR_HTTP' })
    const sent = env.server.requestLog.map((entry) => entry.headers['x-request-id'])
    expect(sent).toEqual([ok!.id, failed!.id])
    expect(stats.format()).toContain('GET /echo')
    await stats.flush()
    expect(String(env.wx.getStorageSync('miniwire:monitor'))).toContain('"requests":2')
    stats.dispose()
  })
})
