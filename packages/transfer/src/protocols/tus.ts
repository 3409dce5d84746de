/**
 * tus 1.0 (https://tus.io/protocols/resumable-upload): creation, `HEAD` for the offset the
 * server holds, and `PATCH` sent as `POST` with `X-HTTP-Method-Override: PATCH`, because wx has
 * no PATCH (tus-js-client needs PATCH and Blob, so it cannot run in a mini program). Parts go
 * one after another; a retried part first asks the server's offset, since a failed PATCH may
 * have stored some of its bytes.
 */
import { joinURL } from '@miniwire/core'
import { headerCount } from '../http'
import { ProtocolError } from '../errors'
import { partsFrom, type ProtocolCall, type UploadProtocol, unlessGone } from './protocol'

/** The protocol version every tus request names. */
const VERSION = '1.0.0'
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of a string's UTF-8 bytes (the logic layer has no base64 or text-encoding built-ins). */
export function base64Utf8(text: string): string {
  const utf8 = unescape(encodeURIComponent(text))
  const digit = (n: number, i: number) => (i < utf8.length ? B64[n & 63] : '=')
  let out = ''
  for (let i = 0; i < utf8.length; i += 3) {
    // Past the end charCodeAt is NaN, which the shifts read as 0.
    const n = (utf8.charCodeAt(i) << 16) | (utf8.charCodeAt(i + 1) << 8) | utf8.charCodeAt(i + 2)
    out += digit(n >> 18, i) + digit(n >> 12, i) + digit(n >> 6, i + 1) + digit(n, i + 2)
  }
  return out
}

/** `location` made absolute against the creation URL (http or https; joinURL leaves an absolute one as it is). */
function absolute(location: string, base: string): string {
  const origin = /^\w+:\/\/[^/]+/.exec(base)
  return location[0] === '/' && origin ? origin[0] + location : joinURL(base, location)
}

/** The offset the server holds, or `undefined` when the upload is gone. */
async function offsetOf(call: ProtocolCall, url: string): Promise<number | undefined> {
  const res = await unlessGone(call({ method: 'HEAD', url, headers: { 'tus-resumable': VERSION } }))
  return res && headerCount(res.headers, 'upload-offset')
}

/** Options of `tus()`. */
export interface TusOptions {
  /** Sent as `Upload-Metadata` (values base64-encoded for you); `filename` is added. */
  metadata?: Record<string, string>
}

/**
 * tus 1.0 over wx.request.
 *
 * @example
 * await uploadChunked(path, { client, url: '/tus/', protocol: tus(), chunkSize: 5 * 1024 * 1024 })
 */
export function tus(options: TusOptions = {}): UploadProtocol {
  return {
    name: 'tus',
    sequential: true,

    async resume(state, { file, chunkSize, call }) {
      const offset = await offsetOf(call, state.url as string)
      return offset === undefined ? undefined : partsFrom(offset, file.size, chunkSize)
    },

    async open({ file, url, chunkSize, call }) {
      const metadata = Object.assign({ filename: file.name }, options.metadata)
      const res = await call({
        method: 'POST',
        url,
        headers: {
          'tus-resumable': VERSION,
          'upload-length': String(file.size),
          'upload-metadata': Object.keys(metadata)
            .map((key) => `${key} ${base64Utf8(metadata[key]!)}`)
            .join(','),
        },
      })
      const location = res.headers.location
      if (!location) {
        throw new ProtocolError({
          protocol: 'tus',
          request: { method: 'POST', url },
          detail: 'created an upload without a Location header',
        })
      }
      return {
        done: false,
        state: { url: absolute(location, url) },
        parts: partsFrom(0, file.size, chunkSize),
      }
    },

    async send(state, part, call) {
      const url = state.url as string
      let from = part.offset
      if (part.attempt > 0) {
        // An upload the server forgot counts as offset 0: the PATCH then fails with its 404.
        const offset = (await offsetOf(call, url)) || 0
        if (offset >= part.offset + part.length) return
        if (offset > from) from = offset
      }
      await call({
        method: 'POST',
        url,
        headers: {
          'tus-resumable': VERSION,
          'x-http-method-override': 'PATCH',
          'upload-offset': String(from),
          'content-type': 'application/offset+octet-stream',
        },
        data: from === part.offset ? part.data : part.data.slice(from - part.offset),
      })
    },

    async finish(state) {
      return state
    },
  }
}
