/**
 * The built CommonJS main, loaded beside core's in a VM that has only what the mini-program
 * logic layer has, retries a real flaky request and waits between attempts.
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

  it('should retry a flaky request with an idempotency key made without crypto', async () => {
    const vm = createMiniProgramVM({ wx: env.wx })
    const plugin = vm.load(main) as typeof import('../src')
    const core = vm.load(
      createRequire(main).resolve('@miniwire/core'),
    ) as typeof import('@miniwire/core')
    const key = `vm-${Date.now()}`
    const client = core.createClient({
      baseURL: env.server.url,
      plugins: [plugin.retry({ delay: () => 10, idempotencyKey: true })],
    })
    const body = (await client.post(`/fault/flaky?key=${key}&fail=2`, {})) as {
      data: { attempts: number }
    }
    expect(body.data.attempts).toBe(3)
    const keys = env.server.requestLog
      .filter((entry) => entry.query.includes(`key=${key}`))
      .map((entry) => entry.headers['idempotency-key'])
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
  })
})
