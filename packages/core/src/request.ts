/**
 * Normalising what the caller passed into the request the onion sees: defaults applied,
 * method upper-cased and checked, headers merged case-insensitively and checked. Bad input
 * fails here, before any wx call, with an error that names what was wrong.
 */
import { MiniwireError } from './errors'
import { serializeParams } from './url'
import type { BaseOptions, Method, MiniwireRequest, RequestConfig } from './types'

const METHODS: Record<string, true> = {
  GET: true,
  POST: true,
  PUT: true,
  DELETE: true,
  HEAD: true,
  OPTIONS: true,
  PATCH: true,
  TRACE: true,
  CONNECT: true,
}

/** The client's defaults, resolved once. `extras` holds plugin options (retry, cache, …). */
export interface Defaults {
  baseURL: string
  headers: Record<string, string>
  timeout: number
  responseType: 'text' | 'arraybuffer'
  dataType: 'json' | 'text'
  paramsSerializer: NonNullable<BaseOptions['paramsSerializer']>
  validateStatus: (status: number) => boolean
  wxOptions: BaseOptions['wxOptions']
  extras: Record<string, unknown>
}

const CORE_KEYS = [
  'baseURL',
  'headers',
  'timeout',
  'responseType',
  'dataType',
  'paramsSerializer',
  'validateStatus',
  'wxOptions',
]

const isOk = (status: number): boolean => status >= 200 && status < 300

function invalid(message: string): MiniwireError {
  return new MiniwireError('ERR_INVALID_OPTION', message)
}

/** Copies `from` into `into` with lower-case names, checking that every value is a string. */
export function mergeHeaders(
  into: Record<string, string>,
  from: Record<string, unknown> | undefined,
  where: string,
): Record<string, string> {
  if (!from) return into
  for (const name of Object.keys(from)) {
    const value = from[name]
    if (value === undefined) continue
    if (typeof value !== 'string') {
      throw invalid(`${where}: header "${name}" must be a string, got ${typeof value}`)
    }
    into[name.toLowerCase()] = value
  }
  return into
}

/** Resolves client options (and a parent's defaults) into `Defaults`. */
export function resolveDefaults(options: Record<string, unknown>, parent?: Defaults): Defaults {
  const o = options as BaseOptions
  const extras: Record<string, unknown> = { ...parent?.extras }
  for (const key of Object.keys(options)) {
    if (!CORE_KEYS.includes(key) && key !== 'wx' && key !== 'maxConcurrent' && key !== 'plugins') {
      extras[key] = options[key]
    }
  }
  const timeout = o.timeout ?? parent?.timeout ?? 60_000
  checkTimeout(timeout, 'createClient()')
  return {
    baseURL: o.baseURL ?? parent?.baseURL ?? '',
    headers: mergeHeaders({ ...parent?.headers }, o.headers, 'createClient()'),
    timeout,
    responseType: o.responseType ?? parent?.responseType ?? 'text',
    dataType: o.dataType ?? parent?.dataType ?? 'json',
    paramsSerializer: o.paramsSerializer ?? parent?.paramsSerializer ?? serializeParams,
    validateStatus: o.validateStatus ?? parent?.validateStatus ?? isOk,
    wxOptions: o.wxOptions ?? parent?.wxOptions,
    extras,
  }
}

function checkTimeout(timeout: unknown, where: string): void {
  if (typeof timeout !== 'number' || !(timeout >= 0) || timeout === Number.POSITIVE_INFINITY) {
    throw invalid(
      `${where}: timeout must be a finite number of milliseconds ≥ 0, got ${String(timeout)}`,
    )
  }
}

/** Builds the onion's request from the caller's config and the client's defaults. */
export function normalizeRequest(defaults: Defaults, config: RequestConfig): MiniwireRequest {
  if (config === null || typeof config !== 'object') {
    throw invalid(
      `request(): expected a config object, got ${config === null ? 'null' : typeof config}`,
    )
  }
  const url = config.url
  if (typeof url !== 'string' || url === '') {
    throw invalid(`request(): url is missing (got ${url === '' ? 'an empty string' : typeof url})`)
  }
  const method = (config.method ?? 'GET').toUpperCase() as Method
  if (METHODS[method] !== true) {
    throw invalid(
      `${String(config.method)} ${url}: method is not supported by wx.request (use one of ${Object.keys(METHODS).join(', ')})`,
    )
  }
  const where = `${method} ${url}`
  const request = { ...defaults.extras, ...config } as MiniwireRequest
  request.url = url
  request.method = method
  request.baseURL = config.baseURL ?? defaults.baseURL
  request.params = config.params
  request.data = config.data
  request.headers = config.headers
    ? mergeHeaders({ ...defaults.headers }, config.headers, where)
    : { ...defaults.headers }
  request.timeout = config.timeout ?? defaults.timeout
  if (config.timeout !== undefined) checkTimeout(config.timeout, where)
  request.responseType = config.responseType ?? defaults.responseType
  request.dataType = config.dataType ?? defaults.dataType
  request.paramsSerializer = config.paramsSerializer ?? defaults.paramsSerializer
  request.validateStatus = config.validateStatus ?? defaults.validateStatus
  request.wxOptions = config.wxOptions ?? defaults.wxOptions
  request.signal = config.signal
  request.priority = config.priority ?? 'normal'
  request.group = config.group
  return request
}
