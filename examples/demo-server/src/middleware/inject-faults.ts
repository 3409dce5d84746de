/**
 * Faults injected into ordinary routes: the next N requests matching a method and path fail
 * with a status, or stall, then the route serves normally again. `/fault/*` covers requests a
 * test sends on purpose; this covers the requests a client library sends on its own (one chunk
 * of an upload failing twice, a stalled PATCH) without a route of their own.
 */
import type { Next } from 'koa'
import { ApiError } from '../envelope'
import type { AppContext, DemoState, InjectedFault } from '../state'

function matches(fault: InjectedFault, ctx: AppContext): boolean {
  if (fault.method && fault.method.toUpperCase() !== ctx.method) return false
  return typeof fault.path === 'string'
    ? ctx.path.startsWith(fault.path)
    : fault.path.test(ctx.path)
}

/** Waits `ms` or until the client closes the connection; true when the client went away. */
function stall(ctx: AppContext, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ctx.res.off('close', onClose)
      resolve(false)
    }, ms)
    const onClose = () => {
      clearTimeout(timer)
      resolve(true)
    }
    ctx.res.once('close', onClose)
  })
}

export function injectFaults(state: DemoState) {
  return async function injectedFault(ctx: AppContext, next: Next): Promise<void> {
    const fault = state.injected.find((f) => f.remaining > 0 && matches(f, ctx))
    if (!fault) return next()
    fault.remaining--
    fault.hits++
    if (fault.stallMs !== undefined) {
      if (await stall(ctx, fault.stallMs)) {
        ctx.respond = false
        return
      }
      return next()
    }
    // Read the body first, so the client sees the status rather than a reset connection.
    for await (const _ of ctx.req) {
      // drained
    }
    throw new ApiError(
      fault.status,
      fault.status * 100,
      `injected failure of ${ctx.method} ${ctx.path}`,
    )
  }
}
