/**
 * The business envelope every API answer travels in, and the one error type routes throw so a
 * single middleware turns failures into `{ code, message, data }` with the right HTTP status.
 */

/** Business codes the server uses; `0` is success. */
export const Codes = {
  ok: 0,
  badRequest: 40000,
  validation: 40001,
  codeUsed: 40004,
  checksum: 40005,
  accessToken: 40101,
  refreshToken: 40102,
  credentials: 40103,
  forbidden: 40301,
  routeNotFound: 40400,
  notFound: 40401,
  conflict: 40901,
  tooLarge: 41300,
  rangeNotSatisfiable: 41600,
  rateLimited: 42900,
  internal: 50000,
} as const

/** `{ code, message, data }` */
export interface Envelope<T = unknown> {
  code: number
  message: string
  data?: T
}

/** A success envelope. */
export function ok<T>(data: T): Envelope<T> {
  return { code: 0, message: 'ok', data }
}

/** Thrown by routes; the error middleware answers `status` with `{ code, message, data }`. */
export class ApiError extends Error {
  readonly status: number
  readonly code: number
  readonly data: unknown
  readonly headers: Record<string, string>

  constructor(
    status: number,
    code: number,
    message: string,
    data?: unknown,
    headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.data = data
    this.headers = headers
  }
}

/** 400 with per-field messages: `{ code: 40001, data: { fields } }`. */
export function validationError(fields: Record<string, string>): ApiError {
  const names = Object.keys(fields).join(', ')
  return new ApiError(400, Codes.validation, `validation failed: ${names}`, { fields })
}

/** 404 for a missing resource, naming it: `user 42 not found`. */
export function notFound(what: string, id: number | string): ApiError {
  return new ApiError(404, Codes.notFound, `${what} ${id} not found`)
}

/** 403 for an action the caller may not take. */
export function forbidden(message: string): ApiError {
  return new ApiError(403, Codes.forbidden, message)
}
