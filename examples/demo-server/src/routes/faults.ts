/**
 * `/fault/*`: the server misbehaving on request, for retry, timeout, abort and error-mapping
 * tests. `key` scopes each counter so parallel tests do not share attempts. Every fault route
 * answers GET and POST.
 */
import { STATUS_CODES } from 'node:http'
import Router from '@koa/router'
import { ApiError, Codes, ok, validationError } from '../envelope'
import { type AppState, type Ctx, type DemoState, faultState } from '../state'
import { intQuery, queryString } from '../validate'

type Handler = (ctx: Ctx) => void | Promise<void>

export function faultRoutes(state: DemoState): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/fault' })
  const both = (path: string, handler: Handler) => {
    router.get(path, handler)
    router.post(path, handler)
  }
  const keyOf = (ctx: Ctx) => queryString(ctx.query.key) || 'default'
  const hit = (ctx: Ctx) => {
    const entry = faultState(state, keyOf(ctx))
    entry.hits++
    return entry
  }

  router.get('/hits', (ctx) => {
    const key = keyOf(ctx)
    const f = faultState(state, key)
    ctx.body = ok({
      key,
      hits: f.hits,
      slow: { started: f.slowStarted, completed: f.slowCompleted, aborted: f.slowAborted },
    })
  })

  both('/flaky', (ctx) => {
    const entry = hit(ctx)
    const fail = intQuery(ctx, 'fail', 1, 0, 1000)
    const status = intQuery(ctx, 'status', 503, 400, 599)
    const attempts = ++entry.flaky
    if (attempts <= fail) {
      throw new ApiError(status, status * 100, `flaky failure ${attempts} of ${fail}`, { attempts })
    }
    ctx.body = ok({ attempts })
  })

  both('/rate-limit', (ctx) => {
    const entry = hit(ctx)
    const fail = intQuery(ctx, 'fail', 1, 0, 1000)
    const retryAfter = intQuery(ctx, 'retryAfter', 1, 0, 3600)
    const form = queryString(ctx.query.form) ?? 'seconds'
    if (form !== 'seconds' && form !== 'date') {
      throw validationError({ form: 'form must be "seconds" or "date"' })
    }
    const attempts = ++entry.rateLimit
    if (attempts <= fail) {
      const value =
        form === 'date'
          ? new Date(Math.ceil((Date.now() + retryAfter * 1000) / 1000) * 1000).toUTCString()
          : String(retryAfter)
      throw new ApiError(
        429,
        Codes.rateLimited,
        `rate limited (${attempts} of ${fail})`,
        { attempts },
        {
          'Retry-After': value,
        },
      )
    }
    ctx.body = ok({ attempts })
  })

  both('/slow', async (ctx) => {
    const entry = hit(ctx)
    const ms = intQuery(ctx, 'ms', 1000, 0, 120_000)
    entry.slowStarted++
    const finished = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        ctx.res.off('close', onClose)
        resolve(true)
      }, ms)
      const onClose = () => {
        clearTimeout(timer)
        resolve(false)
      }
      ctx.res.once('close', onClose)
    })
    if (!finished) {
      entry.slowAborted++
      ctx.respond = false
      return
    }
    entry.slowCompleted++
    ctx.body = ok({ ms })
  })

  both('/drop', (ctx) => {
    hit(ctx)
    const after = intQuery(ctx, 'after', 16, 0, 1_000_000)
    const payload = Buffer.from(JSON.stringify(ok({ filler: 'x'.repeat(after + 64) })))
    ctx.respond = false
    ctx.res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(payload.length),
    })
    ctx.res.write(payload.subarray(0, Math.min(after, payload.length - 1)), () => {
      ctx.req.socket.destroy()
    })
  })

  both('/reset', (ctx) => {
    hit(ctx)
    ctx.respond = false
    const socket = ctx.req.socket
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
    else socket.destroy()
  })

  both('/malformed', (ctx) => {
    hit(ctx)
    ctx.type = 'application/json'
    ctx.body = '{"code":0,"message":"ok","data":{"broken":'
  })

  both('/business', (ctx) => {
    hit(ctx)
    const code = intQuery(ctx, 'code', 50001, -1e9, 1e9)
    const message = queryString(ctx.query.message) ?? 'business error'
    ctx.body = { code, message, data: null }
  })

  both('/status/:status', (ctx) => {
    hit(ctx)
    const status = Number(ctx.params.status)
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw validationError({ status: 'status must be an integer from 200 to 599' })
    }
    ctx.status = status
    if (status === 204 || status === 304) return
    const message = STATUS_CODES[status] ?? `status ${status}`
    ctx.body = status < 300 ? ok({ status }) : { code: status * 100, message }
  })

  return router
}
