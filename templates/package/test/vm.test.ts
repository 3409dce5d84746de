/**
 * The built CommonJS main, as WeChat's "build npm" ships it, in a VM holding only the globals
 * of the mini-program logic layer, on core's built main.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createMiniProgramVM, useIntegration } from '@miniwire/test-utils'
import { expect, it } from 'vitest'

const env = useIntegration()
const main = join(import.meta.dirname, '../dist/index.js')
const coreMain = join(import.meta.dirname, '../../core/dist/index.js')

it('should run a request through the built plugin in a mini-program VM', async () => {
  expect(existsSync(main), `${main} (run pnpm build first)`).toBe(true)
  const vm = createMiniProgramVM({ wx: env.wx })
  const core = vm.load(coreMain) as typeof import('@miniwire/core')
  const plugin = vm.load(main) as typeof import('../src')
  const client = core.createClient({ baseURL: env.server.url, plugins: [plugin.__FACTORY__()] })
  const body = (await client.get('/echo')) as { data: { headers: Record<string, string> } }
  expect(body.data.headers['x-__NAME__']).toBe('on')
  expect(client.plugins).toEqual(['__NAME__'])
})
