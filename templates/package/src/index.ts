/**
 * __PACKAGE__: __DESCRIPTION__
 *
 * Made from the package template (`pnpm new:package`): a plugin on core's kit with options
 * layered and checked by `defineOptions`, a stage of its own placed by `position`, and an error
 * made by `defineError`. Replace the example behaviour (a header on every request, an error on
 * a refused status) with the package's own.
 */
import { checks, defineError, defineOptions, type Plugin } from '@miniwire/core'

/** Options of `__FACTORY__()`, of `createClient({ __FACTORY__ })` and of one request. */
export interface __TYPE__Options {
  /**
   * The header every request carries.
   * @default 'x-__NAME__'
   */
  header?: string
  /**
   * Its value.
   * @default 'on'
   * @example { value: 'v2' }
   */
  value?: string
  /**
   * Statuses that fail with `__ERROR__` instead of the response.
   * @default []
   * @example { refuse: [418] }
   */
  refuse?: number[]
}

declare module '@miniwire/core' {
  interface RequestOptions {
    /** The __NAME__ options of this request; `false` switches the plugin off for it. */
    __FACTORY__?: __TYPE__Options | false
  }
  interface Stages {
    __NAME__: true
  }
  interface ErrorCodes {
    /** __PACKAGE__ refused a response. */
    __CODE__: true
  }
}

const options = defineOptions<__TYPE__Options, Required<__TYPE__Options>>({
  key: '__FACTORY__',
  schema: {
    header: checks.mapped(checks.string, (name: string) => name.toLowerCase()),
    value: checks.string,
    refuse: checks.arrayOf('number'),
  },
  defaults: { header: 'x-__NAME__', value: 'on', refuse: [] },
})

/** A response the plugin refused; `status` is the server's. */
export const __ERROR__ = defineError<{ status: number }>(
  '__ERROR__',
  '__CODE__',
  (o) => `was refused by __NAME__ (status ${o.status})`,
)
export type __ERROR__ = InstanceType<typeof __ERROR__>

/**
 * The plugin.
 *
 * @example
 * const client = createClient({ baseURL: 'https://api.example.com', plugins: [__FACTORY__({ value: 'v2' })] })
 * await client.get('/users', { __FACTORY__: { value: 'v3' } })
 */
export function __FACTORY__(given?: __TYPE__Options): Plugin {
  const resolved = options.resolve(given)
  return {
    name: '__NAME__',
    stage: '__NAME__',
    position: { before: 'user' },
    optionKeys: ['__FACTORY__'],
    middleware: async function __FACTORY__(ctx, next) {
      const own = options.forRequest(
        ctx,
        resolved,
        ctx.request.__FACTORY__,
        ctx.client.defaults.__FACTORY__,
      )
      if (own === false) return next()
      ctx.request.headers[own.header] = own.value
      await next()
      const status = ctx.response ? ctx.response.status : 0
      if (own.refuse.indexOf(status) >= 0) {
        throw new __ERROR__({
          status,
          request: { method: ctx.request.method, url: ctx.request.url },
        })
      }
    },
  }
}
