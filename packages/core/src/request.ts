/**
 * Normalising what the caller passed into the request the onion sees: client defaults and
 * request options layered (plugin options ride along), method
 * upper-cased and checked, headers merged case-insensitively and checked. Bad input fails here,
 * before any wx call, with an error that names what was wrong.
 */
import { MiniwireError } from './errors'
import type { Method, MiniwireRequest, RequestConfig } from './types'
import { serializeParams } from './url'

/** The client's defaults: core options plus plugin options (retry, cache, …), flat. */
export type Defaults = Omit<
  MiniwireRequest,
  'url' | 'method' | 'params' | 'data' | 'signal' | 'group'
>

/** Plugin option names among a client's defaults, listed once per client (hot path). */
const extraKeys = new WeakMap<object, string[]>()
const CORE_KEYS =
  'baseURL,headers,timeout,responseType,dataType,priority,paramsSerializer,validateStatus,wxOptions'.split(
    ',',
  )

const METHODS = 'GET,POST,PUT,DELETE,HEAD,OPTIONS,PATCH,TRACE,CONNECT'.split(',')

/** Copies the defined values of `from` onto `into` (an explicit `undefined` keeps the default). */
export function assignDefined<T extends object>(into: T, from: object | undefined): T {
  if (from) {
    const keys = Object.keys(from)
    for (let i = 0; i < keys.length; i++) {
      const value = (from as Record<string, unknown>)[keys[i]!]
      if (value !== undefined) (into as Record<string, unknown>)[keys[i]!] = value
    }
  }
  return into
}

const invalid = (message: string): MiniwireError => new MiniwireError('ERR_INVALID_OPTION', message)

/** Copies `from` into `into` with lower-case names, checking that every value is a string. */
export function mergeHeaders(
  into: Record<string, string>,
  from: Record<string, unknown> | undefined,
  where: string,
): Record<string, string> {
  for (const name in from) {
    const value = from[name]
    if (value === undefined) continue
    if (typeof value !== 'string') {
      throw invalid(`${where}: header "${name}" must be a string, got ${typeof value}`)
    }
    into[name.toLowerCase()] = value
  }
  return into
}

function checkTimeout(timeout: unknown, where: string): void {
  if (!((timeout as number) >= 0 && (timeout as number) < Number.POSITIVE_INFINITY)) {
    throw invalid(`${where}: timeout must be a finite number of ms ≥ 0, got ${String(timeout)}`)
  }
}

/** Options of `createClient()` that are not request defaults. */
const CLIENT_ONLY: Record<string, true> = { wx: true, maxConcurrent: true, plugins: true }

/** Layers client options over a parent's defaults (or core's). */
export function resolveDefaults(options: object, parent?: Defaults): Defaults {
  const defaults = assignDefined(
    {
      baseURL: '',
      headers: {},
      timeout: 60_000,
      responseType: 'text',
      dataType: 'json',
      priority: 'normal',
      paramsSerializer: serializeParams,
      validateStatus: (status: number) => status >= 200 && status < 300,
      wxOptions: undefined,
    },
    parent,
  ) as Defaults
  for (const key in options) {
    const value = (options as Record<string, unknown>)[key]
    if (value !== undefined && !CLIENT_ONLY[key]) (defaults as Record<string, unknown>)[key] = value
  }
  defaults.headers = mergeHeaders(
    Object.assign({}, parent && parent.headers),
    (options as RequestConfig).headers,
    'createClient()',
  )
  checkTimeout(defaults.timeout, 'createClient()')
  extraKeys.set(
    defaults,
    Object.keys(defaults).filter((key) => CORE_KEYS.indexOf(key) < 0),
  )
  return defaults
}

/** Builds the onion's request from the caller's config and the client's defaults. */
export function normalizeRequest(defaults: Defaults, config: RequestConfig): MiniwireRequest {
  if (!config || typeof config !== 'object') {
    throw invalid(
      `request(): expected a config object, got ${config === null ? 'null' : typeof config}`,
    )
  }
  const url = config.url
  if (typeof url !== 'string' || !url) throw invalid('request(): url is missing')
  const method = (config.method ? String(config.method).toUpperCase() : 'GET') as Method
  if (METHODS.indexOf(method) < 0) {
    throw invalid(
      `${method} ${url}: wx.request does not support this method (use ${METHODS.join(', ')})`,
    )
  }
  // One fixed shape for the core fields keeps every request object monomorphic (fast);
  // plugin options are copied after it.
  const request: MiniwireRequest = {
    url,
    method,
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
  }
  const extras = extraKeys.get(defaults)
  if (extras)
    for (let i = 0; i < extras.length; i++)
      (request as any)[extras[i]!] = (defaults as any)[extras[i]!]
  assignDefined(request, config)
  request.method = method
  request.headers = mergeHeaders(
    Object.assign({}, defaults.headers),
    config.headers,
    `${method} ${url}`,
  )
  if (config.timeout !== undefined) checkTimeout(config.timeout, `${method} ${url}`)
  return request
}
