/**
 * The business envelope (`{ code, message, data }`), when the app switches it on: on a 2xx whose body has the code field, a
 * success code unwraps `data` into `response.data` and keeps the envelope in
 * `response.envelope`; any other code becomes core's `BusinessError`. A body without the code
 * field passes untouched. Field names and success codes are the app's to choose.
 */
import { BusinessError, type Context, checks, type OptionCheck } from '@miniwire/core'

/** Where the envelope keeps its parts, and which codes mean success. */
export interface EnvelopeOptions {
  /**
   * The field of the business code.
   * @default 'code'
   */
  code?: string
  /**
   * The field of the server's message.
   * @default 'message'
   */
  message?: string
  /**
   * The field of the payload.
   * @default 'data'
   */
  data?: string
  /**
   * The codes that mean success.
   * @default [0]
   * @example [0, 200, '0000']
   */
  success?: Array<string | number>
}

/** The envelope options with every default filled in. */
export type ResolvedEnvelope = Required<EnvelopeOptions>

const DEFAULTS: ResolvedEnvelope = { code: 'code', message: 'message', data: 'data', success: [0] }

const FIELDS: Record<string, OptionCheck> = {
  code: checks.string,
  message: checks.string,
  data: checks.string,
  success: {
    expected: 'an array of strings and numbers',
    test: (v) => Array.isArray(v) && v.every((c) => typeof c === 'string' || typeof c === 'number'),
  },
}

/** The check of the `envelope` option: a boolean, or an object of the fields above. */
export const envelopeCheck: OptionCheck = {
  expected: `a boolean or an object of ${Object.keys(FIELDS).join(', ')} (field names and an array of success codes)`,
  test: (value: any) =>
    typeof value === 'boolean' ||
    (checks.object.test(value) &&
      Object.keys(value).every((key) => !!FIELDS[key] && FIELDS[key].test(value[key]))),
  map: (value) =>
    value === false ? false : Object.assign({}, DEFAULTS, value === true ? {} : value),
}

/** The envelope's business code in a body, when the body is an envelope. */
export function codeOf(body: unknown, envelope: ResolvedEnvelope): string | number | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined
  const code = (body as Record<string, unknown>)[envelope.code]
  return typeof code === 'string' || typeof code === 'number' ? code : undefined
}

/** Unwraps a successful answer's envelope, or throws `BusinessError` for a failure code. */
export function unwrap(ctx: Context, envelope: ResolvedEnvelope): void {
  const response = ctx.response
  if (!response) return
  const body = response.data as Record<string, unknown>
  const code = codeOf(body, envelope)
  if (code === undefined) return
  const { method, url } = ctx.request
  if (envelope.success.indexOf(code) < 0) {
    const message = body[envelope.message]
    throw new BusinessError({
      businessCode: code,
      businessMessage: typeof message === 'string' ? message : undefined,
      response,
      request: { method, url },
    })
  }
  // A new response object: a cache inside this layer may hold the one it was given.
  ctx.response = Object.assign({}, response, { data: body[envelope.data], envelope: body })
}
