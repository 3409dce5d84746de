/**
 * The requests transfers make besides moving file bytes (protocol calls, chunks, HEAD): each
 * gets its headers fresh from the client's defaults and the token source, so a token that
 * expires mid-upload is refreshed once (the server's 401) rather than failing the upload
 * (uppy#2675, tus-js-client#236). A non-2xx answer is core's `HttpError`.
 */
import {
  type AbortSignalLike,
  type ErrorRequestInfo,
  HttpError,
  type MiniwireResponse,
  type Priority,
} from '@miniwire/core'
import type { Runtime } from './target'
import { runTask } from './task'

/** Lower-cases header names; skips `undefined` values. */
export function lowerHeaders(headers: Record<string, string | undefined> | undefined) {
  const out: Record<string, string> = {}
  for (const name in headers) {
    const value = headers[name]
    if (value !== undefined) out[name.toLowerCase()] = value
  }
  return out
}

/**
 * Runs `attempt` with the client's headers, `headers` and a bearer token; after a 401 it asks
 * the token source for a fresh token (one refresh shared by every caller) and tries once more.
 * Rejects with `HttpError` for a status outside 2xx.
 */
export async function authorized(
  rt: Runtime,
  request: ErrorRequestInfo,
  headers: Record<string, string> | undefined,
  signal: AbortSignalLike | undefined,
  attempt: (headers: Record<string, string>) => Promise<MiniwireResponse>,
): Promise<MiniwireResponse> {
  const tokens = rt.tokens
  const listen = signal ? { signal } : {}
  let token = tokens ? await tokens.getToken(listen) : undefined
  for (let refreshed = false; ; refreshed = true) {
    const all = Object.assign({}, rt.headers, lowerHeaders(headers))
    if (token) all.authorization = `Bearer ${token}`
    const response = await attempt(all)
    if (response.status === 401 && tokens && !refreshed) {
      token = await tokens.refresh(token ? Object.assign({ stale: token }, listen) : listen)
      continue
    }
    if (response.status < 200 || response.status >= 300) {
      throw new HttpError({ response, request })
    }
    return response
  }
}

/** One request a transfer makes. */
export interface SendOptions {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE'
  /** Absolute. */
  url: string
  headers?: Record<string, string> | undefined
  data?: string | ArrayBuffer | Record<string, unknown> | undefined
  timeout: number
  signal?: AbortSignalLike | undefined
  priority?: Priority | undefined
}

/** Sends one request through the scheduler, token source and status check. */
export function send(rt: Runtime, options: SendOptions): Promise<MiniwireResponse> {
  const request = { method: options.method, url: options.url }
  return authorized(rt, request, options.headers, options.signal, (header) =>
    runTask<WechatMiniprogram.RequestSuccessCallbackResult, WechatMiniprogram.RequestTask>(
      rt,
      { request, timeout: options.timeout, signal: options.signal, priority: options.priority },
      (callbacks) =>
        rt.wx.request(
          Object.assign(
            {
              url: options.url,
              method: options.method,
              header: header,
              data: options.data as WechatMiniprogram.IAnyObject,
              timeout: options.timeout,
            },
            callbacks,
          ),
        ),
    ).then((res) => ({
      status: res.statusCode,
      headers: lowerHeaders(res.header as Record<string, string>),
      data: res.data,
      cookies: res.cookies || [],
      profile: res.profile,
    })),
  )
}
