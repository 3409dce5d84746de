/**
 * Option layering for plugins, in one place: the plugin's defaults < the options given to its
 * factory < the client's defaults (`createClient({ retry: … })`) < the request's own
 * (`client.get(url, { retry: … })`), where `false` switches the plugin off for that client or
 * request. Every layer is checked against one schema: unknown keys are refused, and a refusal
 * names the option, the value given and what was expected.
 */
import type { Context } from '../types'
import { describeValue, invalidOption, type OptionCheck } from './checks'

/** A check for every option of `T`. */
export type OptionSchema<T> = { readonly [K in keyof T]-?: OptionCheck }

/** What `defineOptions()` is given. */
export interface OptionsSpec<T extends object, R> {
  /**
   * The plugin's name and request option key: messages say `retry(): …` and
   * `GET /users retry.limit …`; requests carry the option as `ctx.request[key]`.
   */
  key: string
  schema: OptionSchema<T>
  /** Every option's default (the resolved form). */
  defaults: R
  /**
   * Turns a short form into options, e.g. a number into `{ limit }`; return `undefined` when the
   * value is no short form.
   * @example shorthand: (value) => (typeof value === 'number' ? { limit: value } : undefined)
   */
  shorthand?: (value: unknown) => T | undefined
}

/** The option layering of one plugin: made once with `defineOptions()`. */
export interface PluginOptions<T extends object, R> {
  readonly key: string
  /**
   * Checks `input` and layers it over `base` (over the defaults when no base is given).
   * `where` starts the error messages.
   * @default where `${key}()`
   */
  resolve(input: T | unknown, base?: R, where?: string): R
  /**
   * The options for one request: `plugin` (the factory's, resolved) < the client's defaults
   * (`client`) < the request's own (`own`). `false` when the client or the request switched the
   * plugin off. A request and a client that give none cost two comparisons; the last layering
   * is remembered, so the same values again cost three more.
   *
   * The plugin reads `own` and `client` itself, by name (`ctx.request.retry`,
   * `ctx.client.defaults.retry`): a read by a variable key in one place shared by every plugin
   * is V8's slow (megamorphic) path, about 200 ns a request with six plugins. `ctx` names the
   * request in error messages.
   *
   * @example
   * const own = retryOptions.forRequest(ctx, resolved, ctx.request.retry, ctx.client.defaults.retry)
   */
  forRequest(ctx: Context, plugin: R, own: unknown, client: unknown): R | false
}

/**
 * Defines a plugin's options: schema, defaults and short form. Call it once at module level.
 *
 * @example
 * const options = defineOptions<LoadingOptions, Required<LoadingOptions>>({
 *   key: 'loading',
 *   schema: { delay: checks.number(), title: checks.string, mask: checks.boolean },
 *   defaults: { delay: 300, title: '加载中', mask: false },
 *   shorthand: (value) => (typeof value === 'string' ? { title: value } : undefined),
 * })
 * export function loading(given?: LoadingOptions): Plugin {
 *   const resolved = options.resolve(given)
 *   return {
 *     name: 'loading', stage: 'loading', optionKeys: ['loading'],
 *     middleware: async function loading(ctx, next) {
 *       const own = options.forRequest(ctx, resolved, ctx.request.loading, ctx.client.defaults.loading)
 *       if (own === false) return next()
 *       …
 *     },
 *   }
 * }
 */
export function defineOptions<T extends object, R extends object>(
  spec: OptionsSpec<T, R>,
): PluginOptions<T, R> {
  const { key, schema, defaults, shorthand } = spec
  const known = Object.keys(schema)

  function resolve(input: unknown, base?: R, where = `${key}()`): R {
    const short = shorthand && input !== undefined ? shorthand(input) : undefined
    const given = short || input
    const out = Object.assign({}, base || defaults) as Record<string, unknown>
    if (given === undefined) return out as R
    if (!given || typeof given !== 'object' || Array.isArray(given)) {
      throw invalidOption(
        `${where}: ${key} options must be an object${shorthand ? ' (or its short form)' : ''} or false, got ${describeValue(input)}`,
      )
    }
    for (const name in given) {
      const value = (given as Record<string, unknown>)[name]
      if (value === undefined) continue
      const check = (schema as Record<string, OptionCheck | undefined>)[name]
      if (!check) {
        throw invalidOption(`${where}: unknown option ${key}.${name} (known: ${known.join(', ')})`)
      }
      if (!check.test(value)) {
        throw invalidOption(
          `${where}: ${key}.${name} must be ${check.expected}, got ${describeValue(value)}`,
        )
      }
      out[name] = check.map ? check.map(value) : value
    }
    return out as R
  }

  // One remembered layering: the same client and request values come back on most requests.
  let lastPlugin: R | undefined
  let lastClient: unknown
  let lastOwn: unknown
  let lastResult: R | false = false

  function forRequest(ctx: Context, plugin: R, own: unknown, client: unknown): R | false {
    if (own === false) return false
    if (own === undefined && client === undefined) return plugin
    if (plugin === lastPlugin && own === lastOwn && client === lastClient) return lastResult
    const where = `${ctx.request.method} ${ctx.request.url}`
    let result: R | false
    if (own === client) result = client === false ? false : resolve(client, plugin, where)
    else {
      const base =
        client === undefined || client === false ? plugin : resolve(client, plugin, where)
      result = own === undefined ? (client === false ? false : base) : resolve(own, base, where)
    }
    lastPlugin = plugin
    lastOwn = own
    lastClient = client
    lastResult = result
    return result
  }

  return { key, resolve, forRequest }
}
