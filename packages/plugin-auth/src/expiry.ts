/**
 * When an answer means "the token expired": an HTTP status (401 by default), or a business code
 * in the envelope (HTTP 200 `{ code: 40101 }`, or the `BusinessError` a downstream layer threw).
 * It runs on every answer, so it reads fields and allocates nothing.
 */
import { type Context, isBusinessError, isHttpError } from '@miniwire/core'
import type { Settings } from './options'

/** The expiry check of `auth()`'s options: `isExpired`, else the statuses and business codes. */
export function expiryCheck(options: Settings): (ctx: Context, error: unknown) => boolean {
  const { statusCodes: statuses, businessCodes: codes, codeField: field } = options
  return (
    options.isExpired ||
    ((ctx, error) => {
      if (error !== undefined) {
        if (isHttpError(error)) return statuses.indexOf(error.status) >= 0
        return isBusinessError(error) && codes.indexOf(error.businessCode) >= 0
      }
      const res = ctx.response
      const data = res && (res.data as Record<string, unknown> | null)
      return (
        !!res &&
        (statuses.indexOf(res.status) >= 0 ||
          (!!data && typeof data === 'object' && codes.indexOf(data[field] as number) >= 0))
      )
    })
  )
}
