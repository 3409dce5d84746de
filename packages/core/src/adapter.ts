/**
 * The innermost layer: builds the final URL and body, waits for a scheduler slot, calls
 * `wx.request`, wires the context's signal to `task.abort()`, and maps the result. wx calls
 * `success` for every status, so the status check happens here (`HttpError`).
 */
import { AbortError, type ErrorRequestInfo, HttpError, MiniwireError } from './errors'
import { appendQuery, joinURL } from './url'
import { errorFromWxFail } from './wx-error'
import type { AbortSignalLike } from './abort'
import type { Context, MiniwireRequest, MiniwireResponse } from './types'

/** The URL, method, headers and body wx will be given. */
export interface PreparedRequest {
  url: string
  method: NonNullable<WechatMiniprogram.RequestOption['method']>
  header: Record<string, string>
  data: string | ArrayBuffer | undefined
}

const NO_BODY: Record<string, true> = { GET: true, HEAD: true }

function isPlainBody(data: unknown): data is string | ArrayBuffer {
  return typeof data === 'string' || data instanceof ArrayBuffer
}

/** Final URL and body; throws `ERR_INVALID_OPTION` for data it cannot send. */
export function prepareRequest(req: MiniwireRequest): PreparedRequest {
  const where = `${req.method} ${req.url}`
  const header = req.headers
  let data = req.data
  let params = req.params
  if (NO_BODY[req.method] && data !== undefined && data !== null && !isPlainBody(data)) {
    // wx turns GET object data into the query; core does it itself for stable encoding.
    params = Object.assign({}, params, data)
    data = undefined
  }
  let query = ''
  if (params) {
    try {
      query = req.paramsSerializer(params)
    } catch (error) {
      throw new MiniwireError(
        'ERR_INVALID_OPTION',
        `${where}: params cannot be serialised: ${(error as Error).message}`,
        { cause: error },
      )
    }
  }
  let body: string | ArrayBuffer | undefined
  if (data === undefined || data === null) body = undefined
  else if (isPlainBody(data)) body = data
  else if (ArrayBuffer.isView(data)) {
    body = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer
  } else {
    const type = header['content-type']
    try {
      if (type && type.indexOf('x-www-form-urlencoded') >= 0) {
        body = req.paramsSerializer(data as Record<string, unknown>)
      } else {
        if (!type) header['content-type'] = 'application/json'
        body = JSON.stringify(data)
      }
    } catch (error) {
      throw new MiniwireError(
        'ERR_INVALID_OPTION',
        `${where}: data cannot be serialised: ${(error as Error).message}`,
        { cause: error },
      )
    }
  }
  let method = req.method
  if (method === 'PATCH') {
    header['x-http-method-override'] = 'PATCH'
    method = 'POST'
  }
  const url = appendQuery(joinURL(req.baseURL, req.url), query)
  return { url, method: method as PreparedRequest['method'], header, data: body }
}

function lowerKeys(source: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (source) for (const key of Object.keys(source)) out[key.toLowerCase()] = String(source[key])
  return out
}

const info = (req: MiniwireRequest): ErrorRequestInfo => ({ method: req.method, url: req.url })
const aborted = (req: MiniwireRequest, signal: AbortSignalLike): AbortError =>
  new AbortError(info(req), signal.reason)

/**
 * Runs one `wx.request` and maps the result onto `ctx.response`; rejects with miniwire errors
 * only. `release` frees the scheduler slot when wx completes. One promise per attempt: this is
 * the hot path of every request.
 */
export function sendWxRequest(
  ctx: Context,
  prepared: PreparedRequest,
  release: () => void,
): Promise<void> {
  const req = ctx.request
  const signal = ctx.signal
  return new Promise((resolve, reject) => {
    let task: WechatMiniprogram.RequestTask | undefined
    const onAbort = (): void => {
      reject(aborted(req, signal))
      if (task) task.abort()
    }
    signal.addEventListener('abort', onAbort)
    const options: WechatMiniprogram.RequestOption = {
      url: prepared.url,
      method: prepared.method,
      header: prepared.header,
      timeout: req.timeout,
      dataType: req.dataType,
      responseType: req.responseType,
      success(res) {
        const response: MiniwireResponse = {
          status: res.statusCode,
          headers: lowerKeys(res.header as Record<string, unknown>),
          data: res.data,
          cookies: res.cookies || [],
          profile: res.profile,
        }
        ctx.response = response
        if (req.validateStatus(response.status)) resolve()
        else reject(new HttpError(response, info(req)))
      },
      fail: (err) => reject(errorFromWxFail(err, info(req), req.timeout)),
      complete() {
        signal.removeEventListener('abort', onAbort)
        release()
      },
    }
    if (req.wxOptions) Object.assign(options, req.wxOptions)
    if (prepared.data !== undefined) options.data = prepared.data
    try {
      task = ctx.client.wx.request(options)
    } catch (error) {
      // A runtime that throws instead of calling `fail` still frees its slot.
      options.complete!({ errMsg: String(error) })
      reject(error)
    }
  })
}

/**
 * The terminal middleware. Every call is one attempt: replays (retry, refresh) come back here.
 */
export function adapter(ctx: Context): Promise<void> {
  const req = ctx.request
  const signal = ctx.signal
  if (signal.aborted) return Promise.reject(aborted(req, signal))
  let prepared: PreparedRequest
  try {
    prepared = prepareRequest(req)
  } catch (error) {
    return Promise.reject(error)
  }
  ctx.response = undefined
  const scheduler = ctx.client.scheduler
  const free = scheduler.tryAcquire()
  const start = (release: () => void): Promise<void> => {
    ctx.attempts++
    return sendWxRequest(ctx, prepared, release)
  }
  return free
    ? start(free)
    : scheduler.acquire(req.priority, signal, () => aborted(req, signal)).then(start)
}
