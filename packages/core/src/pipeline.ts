/**
 * The onion. Unlike koa-compose, each middleware's `next` may be called again: every call runs
 * everything downstream afresh and nothing upstream. Retry, token refresh and
 * stale-while-revalidate depend on that (see docs/adr/0001-replayable-onion.md).
 * `compose()` keeps koa-compose for bundling middlewares into one, with its guard.
 */
import koaCompose from 'koa-compose'
import type { Context, Middleware } from './types'

/** The terminal's `next`: nothing lies below it. */
const done = (): Promise<void> => Promise.resolve()

/** Runs `stack` then `terminal` for one context. */
export type Dispatch = (ctx: Context) => Promise<void>

/**
 * Builds the dispatcher for a fixed stack. Each call of a layer's `next` re-enters the layer
 * below, so a layer may replay what lies beneath it.
 */
export function createDispatch(stack: readonly Middleware[], terminal: Middleware): Dispatch {
  const layers = stack.concat(terminal)
  const last = layers.length - 1
  const run = (ctx: Context, i: number): Promise<void> => {
    try {
      return Promise.resolve(layers[i]!(ctx, i < last ? () => run(ctx, i + 1) : done))
    } catch (error) {
      return Promise.reject(error)
    }
  }
  return (ctx) => run(ctx, 0)
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
    return bundled(ctx, next)
  }
}
