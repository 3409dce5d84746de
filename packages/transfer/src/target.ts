/**
 * Where a transfer runs: a core client (its runtime object, scheduler, base URL, default
 * headers and token source) or a bare runtime object. The global `wx` is the default, looked up
 * at call time, never at import.
 */
import {
  checks,
  type Client,
  describeValue,
  getScheduler,
  getTokenSource,
  invalidOption,
  joinURL,
  type OptionCheck,
  type PluginOptions,
  type Scheduler,
  type TokenSource,
  type WxRuntime,
} from '@miniwire/core'

/** How every transfer function is told where to run. */
export interface TransferTarget {
  /**
   * A core client: transfers use its runtime, scheduler, `baseURL`, default headers and the
   * token source a plugin (plugin-auth) provides on it.
   */
  client?: Client | undefined
  /**
   * A runtime object, when there is no client.
   * @default the global `wx`
   */
  wx?: WxRuntime | undefined
}

/** A resolved target. */
export interface Runtime {
  wx: WxRuntime
  /** The runtime's file system manager (every transfer reads, stats or removes files). */
  fs: WechatMiniprogram.FileSystemManager
  scheduler: Scheduler
  /** Where tokens come from, when the client has a token source. */
  tokens: TokenSource | undefined
  /** The client's default headers (lower-case names), when there is a client. */
  headers: Record<string, string> | undefined
  /** Makes a URL absolute against the client's `baseURL`. */
  url(path: string): string
}

declare const wx: WxRuntime | undefined

/**
 * Resolves `{ client }` or `{ wx }` (or the global `wx`), and requires of the runtime the wx APIs
 * `apis` names beside its file system manager; `where` names the caller in errors.
 */
export function resolveTarget(
  target: TransferTarget,
  where: string,
  apis: Array<keyof WxRuntime>,
): Runtime {
  const client = target.client
  const runtime = (client && client.wx) || target.wx || (typeof wx === 'undefined' ? undefined : wx)
  if (!runtime) {
    throw invalidOption(`${where}: no wx runtime: no global wx, pass { client } or { wx }`)
  }
  for (const name of apis.concat('getFileSystemManager')) {
    if (typeof runtime[name] !== 'function') {
      throw invalidOption(`${where}: this runtime has no wx.${name}`)
    }
  }
  const base = (client && client.defaults.baseURL) || ''
  return {
    wx: runtime,
    fs: runtime.getFileSystemManager!(),
    scheduler: client ? client.scheduler : getScheduler(runtime),
    tokens: getTokenSource(client || runtime),
    // Object.assign() skips an undefined source.
    headers: client && client.defaults.headers,
    // joinURL leaves an absolute URL (and any URL when there is no base) as it is.
    url: (path) => joinURL(base, path),
  }
}

/**
 * How every transfer function starts: its positional `args` (paths and URLs, each a non-empty
 * string) and `options` checked, the options resolved by its `spec`, the target resolved with
 * the wx APIs it needs; errors name the function after the spec's key.
 *
 * @example const [o, rt] = begin(uploadOptions, options, ['uploadFile'], { filePath, url })
 */
export function begin<R extends TransferTarget>(
  spec: PluginOptions<object, R>,
  options: unknown,
  apis: Array<keyof WxRuntime>,
  args: Record<string, unknown>,
): [R, Runtime] {
  const where = `${spec.key}()`
  for (const name in args) checkArgument(where, name, args[name], checks.string)
  const o = spec.resolve(options, undefined, where)
  return [o, resolveTarget(o, where, apis)]
}

/**
 * The option checks every transfer function shares: where it runs, and how its tasks run.
 * Each function adds its own beside these.
 */
export const commonSchema = {
  client: checks.withMethods('a miniwire client', 'request', 'use'),
  wx: checks.withMethods('a wx runtime object', 'request'),
  header: checks.object,
  timeout: checks.number(0, true),
  signal: checks.signal,
  onProgress: checks.func,
}

/**
 * Checks a positional argument the way `defineOptions()` checks options: a refusal names the
 * argument, the value and what was expected.
 *
 * @example checkArgument('download()', 'url', url, checks.string)
 * // ERR_INVALID_OPTION: download(): url must be a non-empty string, got ""
 */
export function checkArgument(where: string, name: string, value: unknown, check: OptionCheck) {
  if (!check.test(value)) {
    throw invalidOption(`${where}: ${name} must be ${check.expected}, got ${describeValue(value)}`)
  }
}
