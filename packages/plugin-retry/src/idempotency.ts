/**
 * Idempotency keys: a POST or PATCH carries one key across all its attempts, so the server can
 * tell a retry from a new request and apply it once. The key only has to be unique, not secret,
 * and the mini-program runtime has no `crypto.randomUUID`: it is built from `Math.random`.
 */
import { type Context, invalidOption } from '@miniwire/core'
import type { RetryState } from './options'
import type { ResolvedRetryOptions } from './resolve'

/** Methods that may change server state on every call. */
export const UNSAFE: Record<string, true> = { POST: true, PATCH: true, CONNECT: true }

/**
 * A random UUID-v4-shaped key.
 *
 * @param random a source in [0, 1) @default Math.random
 * @example createIdempotencyKey() // '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function createIdempotencyKey(random: () => number = Math.random): string {
  let key = ''
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) key += '-'
    else if (i === 14) key += '4'
    else {
      let nibble = Math.floor(random() * 16) & 0xf
      if (i === 19) nibble = (nibble & 0x3) | 0x8
      key += nibble.toString(16)
    }
  }
  return key
}

/**
 * Puts the key on a POST or PATCH once per logical request (the caller's own header wins) and
 * records it on the state. Returns whether the request carries a key.
 */
export function applyIdempotencyKey(
  ctx: Context,
  options: ResolvedRetryOptions,
  state: RetryState,
): boolean {
  const headers = ctx.request.headers
  const name = options.idempotencyHeader
  const existing = headers[name]
  if (existing) {
    state.idempotencyKey = existing
    return true
  }
  const method = ctx.request.method
  if (options.idempotencyKey === false || (method !== 'POST' && method !== 'PATCH')) return false
  const key = options.idempotencyKey === true ? createIdempotencyKey() : options.idempotencyKey(ctx)
  if (typeof key !== 'string' || key === '') {
    throw invalidOption(
      `${method} ${ctx.request.url}: retry.idempotencyKey() must return a non-empty string, got ${JSON.stringify(key)}`,
    )
  }
  // Copy on write: the headers object must never be one shared with other requests.
  ctx.request.headers = Object.assign({}, headers, { [name]: key })
  state.idempotencyKey = key
  return true
}
