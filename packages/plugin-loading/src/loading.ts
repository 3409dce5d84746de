/**
 * The loading plugin: counts each request into its runtime's loading tracker and counts it out
 * when it settles (success, error or abort alike). It sits at the `loading` stage, outside
 * cache, retry and auth, so a replay (a retry, a token refresh) runs inside one count and never
 * shows the loading again.
 */
import type { Plugin, WxRuntime } from '@miniwire/core'
import { type LoadingOptions, loadingOptions, type ResolvedLoadingOptions } from './options'
import { getLoadingTracker } from './tracker'

/**
 * Shows wx's loading while requests run: once for a burst of concurrent requests, only after
 * a delay (fast requests never flicker), for a minimum time once shown, and never over or in
 * place of a toast it did not open.
 *
 * @param options the plugin's defaults; a string is the title
 * @example
 * import { createClient } from '@miniwire/core'
 * import { loading } from '@miniwire/plugin-loading'
 *
 * const client = createClient({ baseURL: 'https://api.example.com', plugins: [loading()] })
 * await client.get('/feed')                               // '加载中' if it takes over 300 ms
 * await client.post('/orders', order, { loading: { title: '保存中…', mask: true } })
 * await client.get('/ping', { loading: false })           // never shows the loading
 */
export function loading(options: LoadingOptions | string = {}): Plugin {
  const resolved = loadingOptions.resolve(options)
  return {
    name: 'loading',
    stage: 'loading',
    optionKeys: ['loading'],
    middleware: function loading(ctx, next) {
      let own: ResolvedLoadingOptions | false
      let wx: WxRuntime
      try {
        own = loadingOptions.forRequest(
          ctx,
          resolved,
          ctx.request.loading,
          ctx.client.defaults.loading,
        )
        if (own === false) return next()
        wx = ctx.client.wx
      } catch (error) {
        return Promise.reject(error)
      }
      const end = getLoadingTracker(wx).begin(own)
      return next().then(end, (error: unknown) => {
        end()
        throw error
      })
    },
  }
}
