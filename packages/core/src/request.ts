/**
 * Normalising what the caller passed into the request the onion sees: client defaults and
 * request options layered (plugin options ride along), method upper-cased and checked,
 * headers merged case-insensitively and checked. Bad input fails here, before any wx call,
 * with an error that names what was wrong. This runs for every request: no closures, no
 * `Object.keys` arrays, no look-ups beyond the defaults.
 */
import { invalidOption } from './kit/checks'
import type { Method, MiniwireRequest, RequestConfig } from './types'
import { serializeParams } from './url'

/** The client's defaults: core options plus plugin options (retry, cache, …), flat. */
export type Defaults = Omit<
  MiniwireRequest,
  'url' | 'method' | 'params' | 'data' | 'signal' | 'group' | 'onHeaders' | 'onChunk' | 'replayable'
>

const METHODS = 'GET,POST,PUT,DELETE,HEAD,OPTIONS,PATCH,TRACE,CONNECT'.split(',')

/** Copies the defined values of `from` onto `into` (an explicit `undefined` keeps the default). */
export function assignDefined<T extends object>(into: T, from: object | undefined): T {
  for (const key in from) {
    const value = (from as Record<string, unknown>)[key]
    if (value !== undefined) (into as Record<string, unknown>)[key] = value
  }
  return into
}

/**
 * Copies `from` into `into` with lower-case names, checking that every value is a string;
 * `where` prefixes the error (`GET /users/1`).
 */
export function mergeHeaders(
  into: Record<string, string>,
  from: Record<string, unknown> | undefined,
  where: string,
  url?: string,
): Record<string, string> {
  for (const name in from) {
    const value = from[name]
    if (value === undefined) continue
    if (typeof value !== 'string') {
      throw invalidOption(
        `${url ? `${where} ${url}` : where}: header "${name}" must be a string, got ${typeof value}`,
      )
    }
    into[name.toLowerCase()] = value
  }
  return into
}

function checkTimeout(timeout: unknown, where: string): void {
  if (!((timeout as number) >= 0 && (timeout as number) < 1 / 0)) {
    throw invalidOption(`${where}: timeout must be finite ms ≥ 0, got ${String(timeout)}`)
  }
}

/** Options of `createClient()` that are not request defaults. */
const CLIENT_ONLY: Record<string, true> = { wx: true, maxConcurrent: true, plugins: true }

/**
 * Layers client options over a parent's defaults (or core's). Returns the defaults and the
 * names of the plugin options among them, which every request copies.
 */
export function resolveDefaults(options: object, parent?: Defaults): [Defaults, string[]] {
  const defaults: Defaults = {
    baseURL: '',
    headers: {},
    timeout: 60_000,
    responseType: 'text',
    dataType: 'json',
    priority: 'normal',
    paramsSerializer: serializeParams,
    validateStatus: (status: number) => status >= 200 && status < 300,
    wxOptions: undefined,
  }
  // Core's keys come first; whatever a parent or the options add after them is a plugin's.
  const core = Object.keys(defaults).length
  assignDefined(defaults, parent)
  for (const key in options) {
    const value = (options as Record<string, unknown>)[key]
    if (value !== undefined && !CLIENT_ONLY[key]) (defaults as Record<string, unknown>)[key] = value
  }
  defaults.headers = mergeHeaders(
    assignDefined({}, parent && parent.headers),
    (options as RequestConfig).headers,
    'createClient()',
  )
  checkTimeout(defaults.timeout, 'createClient()')
  return [defaults, Object.keys(defaults).slice(core)]
}

/**
 * Builds the onion's request from the client's defaults and the caller's config. The verb
 * helpers pass `method` (upper-case), `url` and `data` beside their config, which then is
 * read, never copied. `unclaimed(key)` hears of an option that is neither core's nor one the
 * client's plugins read.
 */
export function normalizeRequest(
  defaults: Defaults,
  extras: readonly string[],
  unclaimed: (key: string) => void,
  config: RequestConfig | undefined,
  method?: string,
  url?: string,
  data?: unknown,
): MiniwireRequest {
  if (!method) {
    if (!config || typeof config !== 'object') {
      throw invalidOption(
        `request(): config must be an object, got ${config === null ? 'null' : typeof config}`,
      )
    }
    url = config.url
    method = config.method ? String(config.method).toUpperCase() : 'GET'
  }
  if (typeof url !== 'string' || !url) throw invalidOption('request(): url is missing')
  if (METHODS.indexOf(method) < 0) {
    throw invalidOption(
      `${method} ${url}: wx.request does not support this method (use ${METHODS.join(', ')})`,
    )
  }
  // One fixed shape for the core fields keeps every request object monomorphic (fast);
  // plugin options are copied after it.
  const request: MiniwireRequest = {
    url,
    method: method as Method,
    baseURL: defaults.baseURL,
    params: undefined,
    data: undefined,
    headers: defaults.headers,
    timeout: defaults.timeout,
    responseType: defaults.responseType,
    dataType: defaults.dataType,
    paramsSerializer: defaults.paramsSerializer,
    validateStatus: defaults.validateStatus,
    wxOptions: defaults.wxOptions,
    signal: undefined,
    priority: defaults.priority,
    group: undefined,
    onHeaders: undefined,
    onChunk: undefined,
    replayable: undefined,
  }
  for (let i = 0; i < extras.length; i++) {
    ;(request as unknown as Record<string, unknown>)[extras[i]!] = (
      defaults as unknown as Record<string, unknown>
    )[extras[i]!]
  }
  if (config) {
    for (const key in config) {
      const value = (config as unknown as Record<string, unknown>)[key]
      if (value === undefined) continue
      if (!(key in request)) unclaimed(key)
      ;(request as unknown as Record<string, unknown>)[key] = value
    }
    request.url = url
    request.method = method as Method
    if (config.timeout !== undefined) checkTimeout(config.timeout, `${method} ${url}`)
  }
  if (data !== undefined) request.data = data
  // A copy per request: the adapter and middlewares may write to it.
  const headers = assignDefined({}, defaults.headers)
  request.headers =
    config && config.headers ? mergeHeaders(headers, config.headers, method, url) : headers
  return request
}
