// Bench side: luch-request, the peer DESIGN.md measures against ("all six plugins on a cache
// miss … at most one fifth of the cheapest peer measured in the same run"). It is an ES module
// written for uni-app, calling `uni.request`; here it is bundled once with esbuild and given a
// `uni` whose `request` is the bench's fake wx.request, so both sides time the same floor.
import { createRequire } from 'node:module'
import { build } from 'esbuild'

export const LUCH_REQUEST = 'luch-request get (peer)'

export async function sides({ wx, baseURL }) {
  const require = createRequire(import.meta.url)
  const entry = require.resolve('luch-request')
  const bundled = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'error',
  })
  const code = bundled.outputFiles[0].text
  const { default: Request } = await import(
    `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
  )
  globalThis.uni = { request: (options) => wx.request(options) }
  const http = new Request({ baseURL })
  return [
    {
      name: LUCH_REQUEST,
      run: () => http.get('/users/1'),
      check() {
        if (wx.lastHeader === undefined) throw new Error('bench: luch-request never reached wx')
      },
    },
  ]
}
