/**
 * The innermost layer: builds the final URL and body, waits for a scheduler slot, calls
 * `wx.request`, wires the context's signal to `task.abort()`, and maps the result. wx calls
 * `success` for every status, so the status check happens here (`HttpError`).
 * This is the hot path of every request: one promise per attempt, strings built only for
 * errors.
 */
import type { AbortSignalLike } from './abort'
import { AbortError, type ErrorRequestInfo, HttpError, MiniwireError } from './errors'
import type { Settled } from './pipeline'
import type { Context, MiniwireRequest, MiniwireResponse } from './types'
import type { Scheduler } from './scheduler'
import { appendQuery, joinURL } from './url'
import { errorFromWxFail } from './wx-error'

/** The URL, method, headers and body wx will be given. */
interface PreparedRequest {
  url: string
  method: NonNullable<WechatMiniprogram.RequestOption['method']>
  header: Record<string, string>
  data: string | ArrayBuffer | undefined
}

const isPlainBody = (data: unknown): data is string | ArrayBuffer =>
  typeof data === 'string' || data instanceof ArrayBuffer

const unserialisable = (req: MiniwireRequest, what: string, error: unknown): MiniwireError =>
  new MiniwireError({
    code: 'ERR_INVALID_OPTION',
    message: `${req.method} ${req.url}: ${what} cannot be serialised: ${(error as Error).message}`,
    cause: error,
  })

/**
 * Writes the final URL, method and headers onto `out` (the adapter's `wx.request` options, so
 * nothing else is allocated) and returns the body; throws `ERR_INVALID_OPTION` for data it
 * cannot send.
 */
function prepareInto(
  req: MiniwireRequest,
  out: Omit<PreparedRequest, 'data'>,
): PreparedRequest['data'] {
  const header = req.headers
  let method = req.method
  let data = req.data
  let params = req.params
  if ((method === 'GET' || method === 'HEAD') && data != null && !isPlainBody(data)) {
    // wx turns GET object data into the query; core does it itself for stable encoding.
    params = Object.assign({}, params, data)
    data = undefined
  }
  let url = joinURL(req.baseURL, req.url)
  if (params) {
    try {
      url = appendQuery(url, req.paramsSerializer(params))
    } catch (error) {
      throw unserialisable(req, 'params', error)
    }
  }
  if (data == null) data = undefined
  else if (ArrayBuffer.isView(data)) {
    data = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)
  } else if (!isPlainBody(data)) {
    const type = header['content-type']
    try {
      if (type && type.indexOf('x-www-form-urlencoded') >= 0) {
        data = req.paramsSerializer(data as Record<string, unknown>)
      } else {
        if (!type) header['content-type'] = 'application/json'
        data = JSON.stringify(data)
      }
    } catch (error) {
      throw unserialisable(req, 'data', error)
    }
  }
  if (method === 'PATCH') {
    header['x-http-method-override'] = 'PATCH'
    method = 'POST'
  }
  out.url = url
  out.method = method as PreparedRequest['method']
  out.header = header
  return data as PreparedRequest['data']
}

/** wx's response headers with lower-case names; wx's own object when they already are. */
function lowerKeys(source: Record<string, unknown> | undefined): Record<string, string> {
  for (const key in source) {
    if (key !== key.toLowerCase() || typeof source[key] !== 'string') {
      const out: Record<string, string> = {}
      for (const name in source) out[name.toLowerCase()] = String(source[name])
      return out
    }
  }
  return (source || {}) as Record<string, string>
}

const info = (req: MiniwireRequest): ErrorRequestInfo => ({ method: req.method, url: req.url })
const aborted = (req: MiniwireRequest, signal: AbortSignalLike): AbortError =>
  new AbortError({ request: info(req), reason: signal.reason })

/**
 * Hands the headers and each chunk to the request's `onHeaders` / `onChunk` while the task
 * runs; a callback that throws aborts the task and fails the request with its error.
 */
function stream(
  req: MiniwireRequest,
  task: WechatMiniprogram.RequestTask,
  fail: (error: unknown) => void,
): void {
  const guarded =
    <T>(callback: (value: T) => void) =>
    (value: T): void => {
      try {
        callback(value)
      } catch (error) {
        fail(error)
        task.abort()
      }
    }
  const { onHeaders, onChunk } = req
  if (onChunk) {
    if (typeof task.onChunkReceived !== 'function') {
      throw new MiniwireError({
        code: 'ERR_INVALID_OPTION',
        message: `${req.method} ${req.url}: this runtime's request task has no onChunkReceived (base library ≥ 2.20.2), so onChunk cannot stream`,
        request: info(req),
      })
    }
    task.onChunkReceived(guarded((res) => onChunk(res.data)))
  }
  if (onHeaders && typeof task.onHeadersReceived === 'function') {
    task.onHeadersReceived(
      guarded((res) =>
        onHeaders({
          status: res.statusCode,
          headers: lowerKeys(res.header as Record<string, unknown>),
          cookies: res.cookies || [],
        }),
      ),
    )
  }
}

/**
 * Runs one `wx.request` with `options` (URL, method, headers and switches already set) and
 * maps the result onto `ctx.response`; rejects with miniwire errors only. The slot is freed
 * when wx completes: `release` when the task waited in the queue, else `scheduler._give()`.
 * `settled` (the onion's, see `Terminal`) runs before the promise settles.
 */
function send(
  ctx: Context,
  options: WechatMiniprogram.RequestOption,
  scheduler: Scheduler,
  settled: Settled | undefined,
  release?: () => void,
): Promise<void> {
  const req = ctx.request
  const signal = ctx.signal
  ctx.attempts++
  return new Promise((resolve, reject) => {
    let task: WechatMiniprogram.RequestTask | undefined
    const fail = (error: unknown): void => {
      if (settled) settled(error)
      reject(error)
    }
    const onAbort = (): void => {
      fail(aborted(req, signal))
      if (task) task.abort()
    }
    signal.addEventListener('abort', onAbort)
    options.success = (res) => {
      const response: MiniwireResponse = {
        status: res.statusCode,
        headers: lowerKeys(res.header as Record<string, unknown>),
        data: res.data,
        cookies: res.cookies || [],
        profile: res.profile,
      }
      ctx.response = response
      if (!req.validateStatus(response.status))
        fail(new HttpError({ response, request: info(req) }))
      else {
        if (settled) settled()
        resolve()
      }
    }
    options.fail = (err) => fail(errorFromWxFail(err, info(req), req.timeout))
    options.complete = () => {
      signal.removeEventListener('abort', onAbort)
      if (release) release()
      else scheduler._give()
    }
    try {
      task = ctx.client.wx.request(options)
    } catch (error) {
      // A runtime that throws instead of calling `fail` still frees its slot.
      options.complete({ errMsg: String(error) })
      fail(error)
      return
    }
    if (req.onChunk || req.onHeaders) {
      try {
        stream(req, task, fail)
      } catch (error) {
        fail(error)
        task.abort()
      }
    }
  })
}

/** A refusal before `send()`: the onion hears of the end first, like every end of an attempt. */
function refuse(error: unknown, settled: Settled | undefined): Promise<never> {
  if (settled) settled(error)
  return Promise.reject(error)
}

/**
 * The terminal (see `Terminal`). Every call is one attempt: replays (retry, refresh) come back
 * here.
 */
export function adapter(ctx: Context, settled?: Settled): Promise<void> {
  const req = ctx.request
  const signal = ctx.signal
  if (signal.aborted) return refuse(aborted(req, signal), settled)
  // One fixed shape, callbacks filled in by `send()`.
  const options = {
    url: '',
    method: 'GET',
    header: undefined,
    timeout: req.timeout,
    dataType: req.dataType,
    responseType: req.responseType,
    success: undefined,
    fail: undefined,
    complete: undefined,
  } as unknown as WechatMiniprogram.RequestOption
  try {
    const data = prepareInto(req, options as PreparedRequest)
    if (req.wxOptions) Object.assign(options, req.wxOptions)
    if (req.onChunk) options.enableChunked = true
    if (data !== undefined) options.data = data
  } catch (error) {
    return refuse(error, settled)
  }
  ctx.response = undefined
  const scheduler = ctx.client.scheduler
  return scheduler._take()
    ? send(ctx, options, scheduler, settled)
    : scheduler
        .acquire(req.priority, signal, () => aborted(req, signal))
        .then(
          (release) => send(ctx, options, scheduler, settled, release),
          (error: unknown) => refuse(error, settled),
        )
}
