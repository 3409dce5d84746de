/**
 * @miniwire/plugin-loading: one loading for a burst of requests, shown only when a request is
 * slow, kept long enough not to blink, and never closing a toast (an error message) it did not
 * open. Importing it adds `loading` to the request options and the `loading` service.
 */
import type { LoadingOptions } from './options'
import type { LoadingTracker } from './tracker'

declare module '@miniwire/core' {
  interface RequestOptions {
    /**
     * Loading options, layered: the request's over the client's (`createClient({ loading })`)
     * over the plugin's. A string is the title; `false` shows no loading for this request.
     * @example client.post('/orders', order, { loading: '保存中…' })
     */
    loading?: LoadingOptions | string | false
  }
  interface Services {
    /** The reference-counted loading of a runtime object (plugin-loading). */
    loading: LoadingTracker
  }
}

export { loading } from './loading'
export type { LoadingOptions, ResolvedLoadingOptions } from './options'
export { getLoadingTracker, type LoadingTracker } from './tracker'
