/**
 * How wx turns `data` into a URL query or a body (wx.request docs, "data 参数说明"): an object
 * becomes `encodeURIComponent(k)=encodeURIComponent(v)` pairs for GET, JSON for other methods,
 * or the same pairs when the content-type is `application/x-www-form-urlencoded`. Strings and
 * ArrayBuffers go as they are.
 */
import { failure, WX_ERRNO } from '../errno'

/** Methods wx.request accepts, exactly as its docs list them. */
export const WX_METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT']

/** Looks a header up case-insensitively. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v
  return undefined
}

/** wx's query form of an object. Nested objects are JSON; `undefined` values are left out. */
export function toQuery(data: Record<string, unknown>): string {
  const parts: string[] = []
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue
    const text = v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(text)}`)
  }
  return parts.join('&')
}

/** Appends a query to a URL, before any `#fragment`. */
export function appendQuery(url: string, query: string): string {
  if (!query) return url
  const hash = url.indexOf('#')
  const base = hash >= 0 ? url.slice(0, hash) : url
  const frag = hash >= 0 ? url.slice(hash) : ''
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'
  return base + sep + query + frag
}

function bytesOf(data: ArrayBuffer | ArrayBufferView): Buffer {
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

function isBinary(data: unknown): data is ArrayBuffer | ArrayBufferView {
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data)
}

/** The URL to call and the body to send for one wx.request. */
export function encodeRequest(
  method: string,
  url: string,
  data: unknown,
  headers: Record<string, string>,
): { url: string; body: Buffer | undefined } {
  if (data === undefined || data === null) return { url, body: undefined }
  if (method === 'GET' && !isBinary(data)) {
    const query = typeof data === 'object' ? toQuery(data as Record<string, unknown>) : String(data)
    return { url: appendQuery(url, query), body: undefined }
  }
  if (isBinary(data)) return { url, body: bytesOf(data) }
  if (typeof data !== 'object') return { url, body: Buffer.from(String(data), 'utf8') }
  const type = headerValue(headers, 'content-type') ?? ''
  if (/application\/x-www-form-urlencoded/i.test(type)) {
    return { url, body: Buffer.from(toQuery(data as Record<string, unknown>), 'utf8') }
  }
  let json: string
  try {
    json = JSON.stringify(data)
  } catch (error) {
    throw failure(
      'request',
      `invalid request data: ${error instanceof Error ? error.message : String(error)}`,
      WX_ERRNO.INVALID_REQUEST_DATA,
    )
  }
  return { url, body: Buffer.from(json, 'utf8') }
}

/** Header values as strings, with `Referer` dropped (wx does not let it be set). */
export function normaliseHeaders(header: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!header || typeof header !== 'object') return out
  for (const [k, v] of Object.entries(header as Record<string, unknown>)) {
    if (v === undefined || v === null || k.toLowerCase() === 'referer') continue
    out[k] = String(v)
  }
  return out
}
