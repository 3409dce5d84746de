/**
 * `/echo`: tells a client exactly what it sent (method, path, query, headers, decoded body and
 * its byte count), plus fixed-size binary and plain-text answers for response-type tests.
 */
import Router from '@koa/router'
import { decodeBody, readRaw } from '../body'
import { ok, validationError } from '../envelope'
import type { AppState } from '../state'
import { queryString } from '../validate'

/** Largest `/echo/bytes` answer. */
export const MAX_ECHO_BYTES = 64 * 1024 * 1024

/** The bytes `/echo/bytes?n=N` sends: byte i is `i % 256`. */
export function patternBytes(n: number): Buffer {
  const out = Buffer.allocUnsafe(n)
  for (let i = 0; i < n; i++) out[i] = i % 256
  return out
}

export function echoRoutes(): Router<AppState> {
  const router = new Router<AppState>()

  router.get('/echo/bytes', (ctx) => {
    const n = Number(queryString(ctx.query.n) ?? 1024)
    if (!Number.isInteger(n) || n < 0 || n > MAX_ECHO_BYTES) {
      throw validationError({ n: `n must be an integer from 0 to ${MAX_ECHO_BYTES}` })
    }
    ctx.type = 'application/octet-stream'
    ctx.body = patternBytes(n)
  })

  router.get('/echo/text', (ctx) => {
    ctx.type = 'text/plain; charset=utf-8'
    ctx.body = queryString(ctx.query.text) ?? 'hello from the miniwire demo server'
  })

  router.all('/echo', async (ctx) => {
    const raw = await readRaw(ctx, MAX_ECHO_BYTES)
    const decoded = decodeBody(raw, ctx.get('content-type'))
    ctx.body = ok({
      method: ctx.method,
      originalMethod: ctx.state.originalMethod ?? ctx.method,
      path: ctx.path,
      url: ctx.url,
      rawQuery: ctx.querystring,
      query: { ...ctx.query },
      headers: ctx.headers,
      bodyKind: decoded.kind,
      body: decoded.value,
      bodyBytes: decoded.bytes,
      ...(decoded.error ? { bodyError: decoded.error } : {}),
    })
  })

  return router
}
