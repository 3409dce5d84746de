/**
 * Where a transfer runs: a core client (its runtime object, scheduler, base URL, default
 * headers and token source) or a bare runtime object. The global `wx` is the default, looked up
 * at call time, never at import.
 */
import {
  type Client,
  getScheduler,
  getTokenSource,
  invalidOption,
  joinURL,
  isAbsoluteURL,
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
  client?: Client
  /**
   * A runtime object, when there is no client.
   * @default the global `wx`
   */
  wx?: WxRuntime
}

/** A resolved target. */
export interface Runtime {
  wx: WxRuntime
  scheduler: Scheduler
  /** Where tokens come from, when the client has a token source. */
  tokens: TokenSource | undefined
  /** The client's default headers (lower-case names). */
  headers: Record<string, string>
  /** Makes a URL absolute against the client's `baseURL`. */
  url(path: string): string
}

declare const wx: WxRuntime | undefined

/** Resolves `{ client }` or `{ wx }` (or the global `wx`); `where` names the caller in errors. */
export function resolveTarget(target: TransferTarget | undefined, where: string): Runtime {
  const client = target && target.client
  if (client) {
    const base = client.defaults.baseURL || ''
    return {
      wx: client.wx,
      scheduler: client.scheduler,
      tokens: getTokenSource(client),
      headers: Object.assign({}, client.defaults.headers),
      url: (path) => (isAbsoluteURL(path) ? path : joinURL(base, path)),
    }
  }
  const runtime = (target && target.wx) || (typeof wx === 'undefined' ? undefined : wx)
  if (!runtime) {
    throw invalidOption(`${where}: no wx runtime: no global wx, pass { client } or { wx }`)
  }
  return {
    wx: runtime,
    scheduler: getScheduler(runtime),
    tokens: getTokenSource(runtime),
    headers: {},
    url: (path) => path,
  }
}

/** A wx API the transfer needs, or a clear error when the runtime lacks it. */
export function need<K extends keyof WxRuntime>(
  rt: Runtime,
  name: K,
  where: string,
): NonNullable<WxRuntime[K]> {
  const api = rt.wx[name]
  if (typeof api !== 'function') {
    throw invalidOption(`${where}: this runtime has no wx.${String(name)}`)
  }
  return (api as (...args: never[]) => unknown).bind(rt.wx) as NonNullable<WxRuntime[K]>
}
