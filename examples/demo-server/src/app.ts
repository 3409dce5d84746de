/**
 * The Koa app: observe (log + counters) → error envelope → method override → routers. The
 * order matters: counting first sees every request, the envelope wraps everything that can
 * throw, and the override runs before any route (tus included) reads the method.
 */
import Koa from 'koa'
import type Router from '@koa/router'
import type { Middleware } from 'koa'
import { errorEnvelope } from './middleware/errors'
import { methodOverride } from './middleware/method-override'
import { observe } from './middleware/observe'
import type { AppState, DemoState } from './state'

export function createApp(
  state: DemoState,
  routers: Router<AppState>[],
  extra: Middleware<AppState>[] = [],
): Koa<AppState> {
  const app = new Koa<AppState>()
  app.silent = true
  app.use(observe(state))
  app.use(errorEnvelope)
  app.use(methodOverride)
  for (const middleware of extra) app.use(middleware)
  for (const router of routers) app.use(router.routes())
  return app
}
