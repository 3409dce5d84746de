/**
 * The built CommonJS main, loaded beside core's in a VM that has only what the mini-program
 * logic layer has (no TextDecoder, no AbortController, no Buffer), streams a Chinese chat
 * completion and resumes an SSE feed after a drop.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { CHAT_TEXT } from '@miniwire/demo-server'
import { createMiniProgramVM, useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'

const main = join(import.meta.dirname, '../dist/index.js')

const env = useIntegration()

function load() {
  const vm = createMiniProgramVM({ wx: env.wx })
  const stream = vm.load(main) as typeof import('../src')
  const core = vm.load(
    createRequire(main).resolve('@miniwire/core'),
  ) as typeof import('@miniwire/core')
  return { stream, client: core.createClient({ wx: env.wx, baseURL: env.server.url }) }
}

describe('the built main in a mini-program VM', () => {
  it('should have been built (run `pnpm build` first)', () => {
    expect(existsSync(main)).toBe(true)
  })

  it('should stream a Chinese chat completion without TextDecoder', async () => {
    const { stream, client } = load()
    let answer = ''
    const events = stream.stream(client, '/stream/chat', {
      onEvent: (event) => {
        answer += JSON.parse(event.data).choices[0].delta.content
      },
    })
    await events.done
    expect(answer).toBe(CHAT_TEXT)
  })

  it('should reconnect with Last-Event-ID, waiting with core’s sleep', async () => {
    const { stream, client } = load()
    const ids: string[] = []
    for await (const event of stream.stream(client, '/stream/feed?count=5&per=2&retry=1')) {
      ids.push(event.id)
    }
    expect(ids).toEqual(['1', '2', '3', '4'])
  })
})
