/**
 * The built CommonJS main, loaded in a VM that has only what the mini-program logic layer has,
 * finds the global `wx` at call time, connects to the real server, routes a message by type
 * and answers a request.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createMiniProgramVM, useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'

const main = join(import.meta.dirname, '../dist/index.js')

const env = useIntegration()

describe('the built main in a mini-program VM', () => {
  it('should have been built (run `pnpm build` first)', () => {
    expect(existsSync(main)).toBe(true)
  })

  it('should connect with the global wx, route a chat by type and answer a request', async () => {
    const vm = createMiniProgramVM({ wx: env.wx })
    const { createSocket } = vm.load(main) as typeof import('../src')
    const socket = createSocket<{ chat: { text: string } }>({
      url: `${env.server.wsUrl}?token=${env.server.issueTokens().accessToken}`,
    })
    const chat = new Promise<{ text: string }>((resolve) => socket.once('chat', resolve))
    socket.send({ type: 'chat', text: 'from the VM' })
    expect((await chat).text).toBe('from the VM')
    expect(await socket.request('rpc', { method: 'echo', params: [1, 2] })).toEqual([1, 2])
    socket.close()
  })
})
