/**
 * The onion. Unlike koa-compose, each middleware's `next` may be called again: every call runs
 * everything downstream afresh and nothing upstream. Retry, token refresh and
 * stale-while-revalidate depend on that (see docs/adr/0001-replayable-onion.md).
 *
 * The guard: a middleware that settles while a `next()` it called is still running (a
 * forgotten `await`) fails with an error naming it, and the orphaned downstream's rejection is
 * caught, never left unhandled. A middleware that means to leave work running after it
 * returns (a background revalidation) says so with `next({ background: true })`.
 *
 * `compose()` keeps koa-compose for bundling middlewares into one, with its guard.
 */
import koaCompose from 'koa-compose'
import { MiniwireError } from './errors'
import type { Context, Middleware, Next } from './types'

/** The terminal's `next`: nothing lies below it. */
const done = (): Promise<void> => Promise.resolve()
const ignore = (): void => {}

/** Runs the stack then the terminal for one context. */
export type Dispatch = (ctx: Context) => Promise<void>

/** A middleware with the name the guard reports. */
export interface NamedMiddleware {
  name: string
  middleware: Middleware
}

function forgotAwait(name: string, ctx: Context): MiniwireError {
  return new MiniwireError({
    code: 'ERR_MIDDLEWARE',
    message: `${ctx.request.method} ${ctx.request.url}: middleware "${name}" settled before the next() it called did: await or return next() (or call next({ background: true }) on purpose)`,
    request: { method: ctx.request.method, url: ctx.request.url },
  })
}

/**
 * Builds the dispatcher for a fixed stack. Each call of a layer's `next` re-enters the layer
 * below, so a layer may replay what lies beneath it.
 */
export function createDispatch(stack: readonly NamedMiddleware[], terminal: Middleware): Dispatch {
  const last = stack.length
  const run = (ctx: Context, i: number): Promise<void> => {
    if (i === last) {
      try {
        return terminal(ctx, done)
      } catch (error) {
        return Promise.reject(error)
      }
    }
    // Downstream runs this layer started that have not settled yet.
    let pending = 0
    const settled = (): void => {
      pending--
    }
    const next: Next = (options) => {
      const downstream = run((options && options.context) || ctx, i + 1)
      // Registered before the caller's own handlers: the count is right when the layer resumes.
      if (options && options.background) downstream.then(ignore, ignore)
      else {
        pending++
        downstream.then(settled, settled)
      }
      return downstream
    }
    let result: Promise<void>
    try {
      result = stack[i]!.middleware(ctx, next)
    } catch (error) {
      return Promise.reject(error)
    }
    return Promise.resolve(result).then(() => {
      if (pending > 0) throw forgotAwait(stack[i]!.name, ctx)
    })
  }
  return (ctx) => run(ctx, 0)
}

/**
 * A copy of a request's context for a run that must not touch the caller's answer (a
 * background revalidation): its own request (and headers), response and attempt count; the
 * same client, signal and a state that starts from the original's fields.
 *
 * @example
 * const fresh = forkContext(ctx)
 * next({ background: true, context: fresh }).then(() => store(fresh.response))
 */
export function forkContext(ctx: Context): Context {
  const request = Object.assign({}, ctx.request)
  request.headers = Object.assign({}, request.headers)
  return {
    client: ctx.client,
    request,
    response: undefined,
    state: Object.assign({}, ctx.state),
    attempts: ctx.attempts,
    signal: ctx.signal,
  }
}

/**
 * Bundles middlewares into one, koa-compose style: inside the bundle `next()` may be called
 * once per layer ("next() called multiple times" otherwise). The bundle as a whole can still
 * be replayed by a layer above it.
 *
 * @example
 * client.use(compose([addTraceId, logTimings]), { stage: 'user' })
 */
export function compose(middlewares: readonly Middleware[]): Middleware {
  for (let i = 0; i < middlewares.length; i++) {
    if (typeof middlewares[i] !== 'function') {
      throw new TypeError(`compose(): middleware ${i} is ${typeof middlewares[i]}, not a function`)
    }
  }
  const bundled = koaCompose<Context>(middlewares as Middleware[])
  return function composed(ctx, next) {
    return bundled(ctx, () => next())
  }
}
