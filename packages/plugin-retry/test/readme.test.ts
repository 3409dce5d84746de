/** The README's Node example, run as written (console output collected instead of printed). */
import { createClient } from '@miniwire/core'
import { startDemoServer } from '@miniwire/demo-server'
import { createWx } from '@miniwire/wx-node'
import { expect, it } from 'vitest'
import { retry } from '../src'

it('should run the README example: a flaky endpoint answers on the third attempt', async () => {
  const log: string[] = []
  const server = await startDemoServer()
  const wx = createWx()
  const client = createClient({
    wx,
    baseURL: server.url,
    plugins: [retry({ delay: (attempt) => 100 * attempt })],
  })
  client.on('retry', ({ attempt, delay, error }) =>
    log.push(`retry #${attempt} in ${delay} ms after: ${(error as Error).message}`),
  )
  const body = await client.get('/fault/flaky', { params: { key: 'readme', fail: 2 } })
  await wx.$dispose()
  await server.close()
  expect(body).toMatchObject({ code: 0, data: { attempts: 3 } })
  expect(log).toHaveLength(2)
  expect(log[0]).toMatch(/^retry #1 in \d+ ms after: GET \/fault\/flaky failed with status 503$/)
})
