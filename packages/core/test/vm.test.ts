/**
 * The built CommonJS main, loaded in a VM that has only what the mini-program logic layer has,
 * runs a real request. This is what WeChat's "build npm" ships.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createMiniProgramVM, MISSING_GLOBALS, useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'

const main = join(import.meta.dirname, '../dist/index.js')

const env = useIntegration()

describe('the built main in a mini-program VM', () => {
  it('should have been built (run `pnpm build` first)', () => {
    expect(existsSync(main)).toBe(true)
  })

  it('should offer none of the globals a mini program lacks (alova#20, umi-request, ky, axios 1.x broke on them)', () => {
    const vm = createMiniProgramVM({ wx: env.wx })
    for (const name of MISSING_GLOBALS) expect(vm.run(`typeof ${name}`), name).toBe('undefined')
    expect(() => vm.run('eval("1")')).toThrow()
  })

  it('should load and run a request through the global wx, with an abort controller of its own', async () => {
    const vm = createMiniProgramVM({ wx: env.wx })
    const core = vm.load(main) as typeof import('../src')
    const client = core.createClient({ baseURL: env.server.url })
    const body = (await client.get('/echo', { params: { from: 'vm' } })) as {
      data: { rawQuery: string }
    }
    expect(body.data.rawQuery).toBe('from=vm')
    const controller = core.createAbortController()
    expect(controller).toBeInstanceOf(core.MiniAbortController)
    const pending = client.get('/fault/slow', { params: { ms: 2000 }, signal: controller.signal })
    controller.abort()
    const error = await pending.catch((e: unknown) => e)
    expect(core.isAbortError(error)).toBe(true)
  })
})
