/**
 * The loading options and their layering (plugin < client < request), made once with core's
 * `defineOptions()`: a string is the title, `false` switches the loading off.
 */
import { checks, defineOptions } from '@miniwire/core'

/** Options of `loading()`, of `createClient({ loading })` and of each request. */
export interface LoadingOptions {
  /**
   * The text under the spinner.
   * @default '加载中'
   * @example client.post('/orders', order, { loading: '保存中…' })
   */
  title?: string
  /**
   * Blocks taps on the page while the loading shows.
   * @default false
   */
  mask?: boolean
  /**
   * Milliseconds a request must run before the loading shows: faster requests never flicker.
   * @default 300
   */
  delay?: number
  /**
   * Once shown, the loading stays at least this many milliseconds, so it never blinks.
   * @default 500
   */
  minDuration?: number
}

/** The options with every default filled in. */
export type ResolvedLoadingOptions = Required<LoadingOptions>

export const loadingOptions = defineOptions<LoadingOptions, ResolvedLoadingOptions>({
  key: 'loading',
  schema: {
    title: checks.string,
    mask: checks.boolean,
    delay: checks.number(),
    minDuration: checks.number(),
  },
  defaults: { title: '加载中', mask: false, delay: 300, minDuration: 500 },
  shorthand: (value) => (typeof value === 'string' ? { title: value } : undefined),
})
