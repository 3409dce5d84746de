/**
 * The onion. Unlike koa-compose, each middleware's `next` may be called again: every call runs
 * everything downstream afresh and nothing upstream. Retry, token refresh and
 * stale-while-revalidate depend on that (see docs/adr/0001-replayable-onion.md).
 *
 * The guard: a middleware that settles while a `next()` it called is still running (a
 * forgotten `await`) fails with an error naming it, and the orphaned downstream's rejection is
 * caught, never left unhandled. So does one whose `next()` failed first and that then settles
 * with no response: the downstream's error is its cause. A middleware that means to leave work
 * running after it returns (a background revalidation) says so with `next({ background: true })`.
 *
 * `compose()` keeps koa-compose for bundling middlewares into one, with its guard.
 */
import koaCompose from 'koa-compose'
import { MiniwireError } from './errors'
import type { Context, Middleware, Next } from './types'

const ignore = (): void => {}

/**
 * The innermost run (core's adapter). It calls `settled` before its promise settles, with the
 * error when it is about to reject (a second call is ignored), so the layer above counts it
 * down without a `then` of the onion's own on every attempt.
 */
export type Terminal = (ctx: Context, settled?: Settled) => Promise<void>

/** The end-of-attempt callback a `Terminal` is given: with the error when the attempt fails. */
export type Settled = (error?: unknown) => void

/** Runs the stack then the terminal for one context. */
export type Dispatch = (ctx: Context) => Promise<void>

/** A middleware with the name the guard reports. */
export interface NamedMiddleware {
  name: string
  middleware: Middleware
}

function misused(name: string, ctx: Context, what: string, cause?: unknown): MiniwireError {
  const { method, url } = ctx.request
  return new MiniwireError({
    code: 'ERR_MIDDLEWARE',
    message: `${method} ${url}: middleware "${name}" ${what}`,
    request: { method, url },
    cause,
  })
}

/**
 * One layer's run: how many downstream runs its `next()` started are still going, the last
 * one started (caught when the layer settles before it, so its rejection is never unhandled),
 * and the error of a downstream run that failed.
 */
interface Frame {
  pending: number
  last: Promise<void> | undefined
  failed: unknown
}

/**
 * Builds the dispatcher for a fixed stack. Each call of a layer's `next` re-enters the layer
 * below, so a layer may replay what lies beneath it.
 *
 * Cost: one `then` per layer, none for the terminal. A downstream run counts itself down in its
 * caller's frame before its promise settles (a layer from its `then`, the terminal through
 * `settled`), so the count is right when the caller's `await next()` resumes and it settles.
 * A run that fails also marks its promise handled (a `then` on failures only): a middleware
 * that never awaited it gets the error named by the guard instead of an unhandled rejection.
 */
export function createDispatch(stack: readonly NamedMiddleware[], terminal: Terminal): Dispatch {
  const last = stack.length
  // The terminal may report its end more than once (an abort, then wx's `fail`): counted once.
  const end = (ctx: Context, caller: Frame | undefined): Promise<void> => {
    let open = true
    let attempt: Promise<void> | undefined
    const settled = caller
      ? (error?: unknown): void => {
          if (!open) return
          open = false
          caller.pending--
          if (error !== undefined) {
            caller.failed = error
            if (attempt) attempt.then(ignore, ignore)
          }
        }
      : undefined
    try {
      attempt = terminal(ctx, settled)
    } catch (error) {
      attempt = Promise.reject(error)
      if (settled) settled(error)
    }
    // Ended before it returned its promise (a refusal): that promise is handled here.
    if (!open) attempt.then(ignore, ignore)
    return attempt
  }
  const run = (ctx: Context, i: number, caller: Frame | undefined): Promise<void> => {
    if (i === last) return end(ctx, caller)
    const frame: Frame = { pending: 0, last: undefined, failed: undefined }
    let result: Promise<void>
    const next: Next = (options) => {
      const context = (options && options.context) || ctx
      if (options && options.background) {
        const downstream = run(context, i + 1, undefined)
        downstream.then(ignore, ignore)
        return downstream
      }
      // A second run while one is going (rare): the first is caught now, as it could be
      // orphaned without the frame remembering it.
      if (frame.pending++ > 0) frame.last!.then(ignore, ignore)
      return (frame.last = run(context, i + 1, frame))
    }
    try {
      result = stack[i]!.middleware(ctx, next)
    } catch (error) {
      result = Promise.reject(error)
    }
    const settle = (failed: boolean, error?: unknown): void => {
      if (caller) caller.pending--
      if (frame.pending > 0) {
        frame.last!.then(ignore, ignore)
        if (!failed) {
          failed = true
          error = misused(
            stack[i]!.name,
            ctx,
            'settled before the next() it called did: await or return next() (or call next({ background: true }) on purpose)',
          )
        }
      } else if (!failed && frame.failed !== undefined && !ctx.response) {
        failed = true
        error = misused(
          stack[i]!.name,
          ctx,
          'settled with no response after its next() failed',
          frame.failed,
        )
      }
      if (failed) {
        if (caller) {
          caller.failed = error
          own.then(ignore, ignore)
        }
        throw error
      }
    }
    const own = Promise.resolve(result).then(
      () => settle(false),
      (error: unknown) => settle(true, error),
    )
    return own
  }
  return (ctx) => run(ctx, 0, undefined)
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
