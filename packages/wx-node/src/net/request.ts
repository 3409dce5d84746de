/**
 * `wx.request` over node:http(s). The body rules live in `encode.ts`, the task life in
 * `exchange.ts`; this file reads the response the way wx does: `success` for every status,
 * `dataType: 'json'` parsed with a fallback to the raw text, `responseType: 'arraybuffer'`,
 * `cookies` from `Set-Cookie`, and the RequestTask's header and chunk listeners.
 */
import type { IncomingMessage } from 'node:http'
import { type CallbackOptions, deliverFail } from '../callbacks'
import { asFailure, failure, WX_ERRNO } from '../errno'
import type { Runtime } from '../runtime'
import { encodeRequest, headerValue, normaliseHeaders, WX_METHODS } from './encode'
import { Exchange, headerObject } from './exchange'
import { Listeners } from '../listeners'
import { toArrayBuffer } from './bytes'

type RequestOption = WechatMiniprogram.RequestOption

function cookiesOf(res: IncomingMessage): string[] {
  return res.headers['set-cookie'] ?? []
}

function parseBody(body: Buffer, option: RequestOption): string | ArrayBuffer | object {
  if (option.responseType === 'arraybuffer') return toArrayBuffer(body)
  let text = body.toString('utf8')
  if ((option.dataType ?? 'json') !== 'json') return text
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** A RequestTask that fails at once (bad options) but keeps the task's shape. */
function deadTask(): WechatMiniprogram.RequestTask {
  const noop = () => {}
  return {
    abort: noop,
    onHeadersReceived: noop,
    offHeadersReceived: noop,
    onChunkReceived: noop,
    offChunkReceived: noop,
  }
}

export function createRequest(rt: Runtime) {
  return function request(option: RequestOption): WechatMiniprogram.RequestTask {
    if (!option || typeof option !== 'object') {
      throw new TypeError('wx.request expects an options object with a url')
    }
    const callbacks = option as unknown as CallbackOptions
    const method = String(option.method ?? 'GET').toUpperCase()
    // A binary body is logged by its size: a long chunked upload would otherwise keep every
    // chunk it sent alive in `$log`.
    const data = option.data
    const binary = data instanceof ArrayBuffer || ArrayBuffer.isView(data)
    rt.record(
      'network',
      'request',
      binary
        ? { url: option.url, method, dataBytes: (data as ArrayBuffer).byteLength }
        : { url: option.url, method, data },
    )
    if (!WX_METHODS.includes(method)) {
      const reason = `parameter error: method "${method}" is not supported, use one of ${WX_METHODS.join(', ')}`
      queueMicrotask(() =>
        deliverFail(
          callbacks,
          failure('request', reason, WX_ERRNO.INVALID_REQUEST_DATA).toResult(),
        ),
      )
      return deadTask()
    }
    const headers = normaliseHeaders(option.header)
    if (headerValue(headers, 'content-type') === undefined)
      headers['content-type'] = 'application/json'
    let encoded: ReturnType<typeof encodeRequest>
    try {
      encoded = encodeRequest(method, String(option.url ?? ''), option.data, headers)
    } catch (error) {
      queueMicrotask(() => deliverFail(callbacks, asFailure('request', error).toResult()))
      return deadTask()
    }
    if (encoded.body) headers['content-length'] = String(encoded.body.length)
    const onHeaders = new Listeners<WechatMiniprogram.RequestTaskOnHeadersReceivedListenerResult>()
    const onChunk = new Listeners<WechatMiniprogram.OnChunkReceivedListenerResult>()
    const exchange = new Exchange(rt, {
      api: 'request',
      url: encoded.url,
      method,
      headers,
      timeout: option.timeout ?? 60000,
      redirect: option.redirect === 'manual' ? 'manual' : 'follow',
      callbacks,
      writeBody(req) {
        req.end(encoded.body)
      },
      onHeaders(res) {
        onHeaders.emit({
          header: headerObject(res),
          statusCode: res.statusCode ?? 0,
          cookies: cookiesOf(res),
        })
      },
      consume(res, ctl) {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          if (option.enableChunked) onChunk.emit({ data: toArrayBuffer(chunk) })
        })
        res.on('end', () => {
          ctl.succeed({
            data: parseBody(Buffer.concat(chunks), option),
            statusCode: res.statusCode ?? 0,
            header: headerObject(res),
            cookies: cookiesOf(res),
            profile: ctl.profile(),
            exception: { retryCount: 0, reasons: [] },
            useHttpDNS: false,
          })
        })
      },
    })
    exchange.start()
    return {
      abort: () => exchange.abort(),
      onHeadersReceived: (fn) => onHeaders.on(fn),
      offHeadersReceived: (fn) => onHeaders.off(fn),
      onChunkReceived: (fn) => onChunk.on(fn),
      offChunkReceived: (fn) => onChunk.off(fn),
    }
  }
}
