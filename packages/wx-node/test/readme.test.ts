// The README's example, kept runnable.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, expect, it } from 'vitest'
import { createWx } from '../src'

const server = createServer((req, res) => {
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify({ url: req.url }))
}).listen(0, '127.0.0.1')
const wx = createWx()

afterAll(async () => {
  await wx.$dispose()
  server.close()
})

it('should call a real server the way wx.request does', async () => {
  const { port } = server.address() as AddressInfo
  const res = await new Promise<WechatMiniprogram.RequestSuccessCallbackResult>((success, fail) =>
    wx.request({ url: `http://127.0.0.1:${port}/users`, data: { page: 2 }, success, fail }),
  )
  expect(res.statusCode).toBe(200)
  expect(res.data).toEqual({ url: '/users?page=2' })
  expect(res.profile.sendBytesCount).toBeGreaterThan(0)

  await wx.showToast({ title: '已保存' })
  expect(wx.$state.currentToast?.title).toBe('已保存')
  expect(wx.$log.at(-1)).toMatchObject({ type: 'ui', name: 'showToast' })
})
