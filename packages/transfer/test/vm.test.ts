/**
 * The built CommonJS main, loaded beside core's in a VM that has only what the mini-program
 * logic layer has (no crypto, Buffer, TextEncoder, AbortController): a chunked upload has its
 * file and chunks digested by the runtime (`getFileInfo`) and lands at the server intact, over
 * the global `wx`.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createMiniProgramVM, useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { bytes, md5 } from './helpers'

const main = join(import.meta.dirname, '../dist/index.js')

const env = useIntegration()

describe('the built main in a mini-program VM', () => {
  it('should have been built (run `pnpm build` first)', () => {
    expect(existsSync(main)).toBe(true)
  })

  it('should upload in chunks over the global wx, with md5 made without crypto', async () => {
    const vm = createMiniProgramVM({ wx: env.wx })
    const transfer = vm.load(main) as typeof import('../src')
    const core = vm.load(
      createRequire(main).resolve('@miniwire/core'),
    ) as typeof import('@miniwire/core')
    const content = bytes(300 * 1024, 77)
    const path = env.wx.$control.writeTempFile('vm.bin', content)
    const client = core.createClient({ baseURL: env.server.url })
    const result = (await transfer.uploadChunked(path, {
      client,
      url: '/upload/chunked',
      chunkSize: 64 * 1024,
    })) as { data: { md5: string } }
    expect(result.data.md5).toBe(md5(content))
    const controller = core.createAbortController()
    const download = transfer.download('/files/big.bin', { client, signal: controller.signal })
    controller.abort()
    await expect(download).rejects.toMatchObject({ code: 'ERR_ABORTED' })
  })
})
