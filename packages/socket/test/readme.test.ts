/** The README's Node example, as written there. */
import { startDemoServer } from '@miniwire/demo-server'
import { createWx } from '@miniwire/wx-node'
import { expect, it } from 'vitest'
import { createSocket } from '../src'

it("should run the README's Node example", async () => {
  const server = await startDemoServer()
  const wx = createWx()
  const socket = createSocket({
    wx,
    url: `${server.wsUrl}?token=${server.issueTokens().accessToken}`,
  })
  const echoed = new Promise((resolve) => socket.once('chat', resolve))
  socket.send({ type: 'chat', text: 'hello' })
  expect(await echoed).toMatchObject({ type: 'chat', text: 'hello' })
  expect(await socket.request('rpc', { method: 'echo', params: { x: 1 } })).toEqual({ x: 1 })
  socket.close()
  await wx.$dispose()
  await server.close()
})
