/**
 * `/monitor/collect`: a collector for @miniwire/plugin-monitor's reporter. POST stores a JSON
 * batch under `?key=` (so parallel tests never see each other's batches), GET lists what a key
 * received, DELETE forgets it. `?fail=N` answers the first N POSTs of a key with 503, to show the
 * reporter's retries. Memory stays bounded: at most 1000 batches a key, 100 keys.
 */
import Router from '@koa/router'
import { decodeBody, readRaw } from '../body'
import { ApiError, ok, validationError } from '../envelope'
import type { AppState, Ctx } from '../state'
import { queryString } from '../validate'

/** Batches kept per key; older ones are dropped. */
export const MAX_BATCHES = 1000
/** Keys kept; the oldest key is forgotten first. */
export const MAX_KEYS = 100

/** One batch as the collector received it. */
export interface CollectedBatch {
  /** Arrival time, ms since the epoch. */
  receivedAt: number
  /** The decoded JSON body. */
  body: unknown
}

interface Collected {
  /** POSTs received, failed ones included. */
  posts: number
  batches: CollectedBatch[]
}

export function monitorRoutes(): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/monitor' })
  const keys = new Map<string, Collected>()
  const keyOf = (ctx: Ctx): string => queryString(ctx.query.key) || 'default'
  const entry = (key: string): Collected => {
    let found = keys.get(key)
    if (!found) {
      if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value as string)
      keys.set(key, (found = { posts: 0, batches: [] }))
    }
    return found
  }

  router.post('/collect', async (ctx) => {
    const collected = entry(keyOf(ctx))
    const posts = ++collected.posts
    const fail = Number(queryString(ctx.query.fail) ?? 0)
    if (!Number.isInteger(fail) || fail < 0) {
      throw validationError({ fail: 'fail must be an integer ≥ 0' })
    }
    if (posts <= fail) {
      // Business code = status × 100, as the fault routes answer.
      throw new ApiError(503, 50300, `collector failure ${posts} of ${fail}`)
    }
    const decoded = decodeBody(await readRaw(ctx), ctx.get('content-type'))
    if (decoded.kind !== 'json') {
      throw validationError({ body: 'the body must be JSON (application/json)' })
    }
    collected.batches.push({ receivedAt: Date.now(), body: decoded.value })
    if (collected.batches.length > MAX_BATCHES) collected.batches.shift()
    ctx.body = ok({ posts, batches: collected.batches.length })
  })

  router.get('/collect', (ctx) => {
    const key = keyOf(ctx)
    const collected = keys.get(key) ?? { posts: 0, batches: [] }
    ctx.body = ok({ key, posts: collected.posts, batches: collected.batches })
  })

  router.delete('/collect', (ctx) => {
    keys.delete(keyOf(ctx))
    ctx.status = 204
  })

  return router
}
