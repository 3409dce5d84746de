/**
 * The outermost layer: counts every request (total, per route, in flight, peak in flight) and
 * records it in the request log once its response or connection ends, so faults that destroy
 * the socket are logged too. The route key is the matched pattern, e.g. `GET /users/:id`.
 */
import type { Next } from 'koa'
import { type AppContext, type DemoState, REQUEST_LOG_LIMIT } from '../state'

export function observe(state: DemoState) {
  return async function observeRequest(ctx: AppContext, next: Next): Promise<void> {
    const { counters } = state
    const time = Date.now()
    const originalMethod = ctx.req.method ?? 'GET'
    counters.total++
    counters.concurrent++
    counters.maxConcurrent = Math.max(counters.maxConcurrent, counters.concurrent)
    let done = false
    const finish = () => {
      if (done) return
      done = true
      counters.concurrent--
      const routerPath = (ctx as AppContext & { routerPath?: string }).routerPath
      const key = `${ctx.method} ${ctx.state.routeKey ?? routerPath ?? ctx.path}`
      counters.requestsByRoute[key] = (counters.requestsByRoute[key] ?? 0) + 1
      const status = ctx.res.headersSent ? ctx.res.statusCode : 0
      const durationMs = Date.now() - time
      state.requestLog.push({
        method: ctx.method,
        originalMethod,
        path: ctx.path,
        query: ctx.querystring,
        status,
        headers: { ...ctx.headers },
        time,
        durationMs,
      })
      if (state.requestLog.length > REQUEST_LOG_LIMIT) state.requestLog.shift()
      if (state.options.log) {
        const via = originalMethod === ctx.method ? '' : ` (via ${originalMethod})`
        const url = ctx.querystring ? `${ctx.path}?${ctx.querystring}` : ctx.path
        process.stdout.write(`${ctx.method}${via} ${url} ${status || 'dropped'} ${durationMs}ms\n`)
      }
    }
    ctx.res.once('close', finish)
    await next()
  }
}
