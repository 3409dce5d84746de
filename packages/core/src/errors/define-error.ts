/**
 * `defineError()`: a plugin's error class with its code, `Symbol.for` brand and guard made in
 * one place, taking the one options argument every miniwire error takes. Fields beyond the
 * common ones (`message`, `request`, `cause`) are copied onto the error as they are.
 */
import {
  brand,
  describe,
  type ErrorCode,
  type ErrorOptions,
  guardFor,
  MiniwireError,
} from './miniwire-error'

/** A class made by `defineError()`. */
export interface ErrorClass<Fields extends object> {
  new (options?: ErrorOptions & Partial<Fields>): MiniwireError & Readonly<Fields>
  readonly prototype: MiniwireError & Readonly<Fields>
  /** True for an error of this class, from any copy of the package that defined it. */
  is(value: unknown): value is MiniwireError & Readonly<Fields>
}

const COMMON: Record<string, true> = { message: true, request: true, cause: true }

/**
 * Defines an error class. `name` is its brand: keep it unique (prefix it with the package).
 * The message is `text` (a string, or built from the options), prefixed with `METHOD url`
 * when the request is known; `options.message` replaces it.
 *
 * @example
 * declare module '@miniwire/core' { interface ErrorCodes { ERR_UPLOAD: true } }
 * export const UploadError = defineError<{ chunk: number }>('UploadError', 'ERR_UPLOAD',
 *   (o) => `failed at chunk ${o.chunk}`)
 * export type UploadError = InstanceType<typeof UploadError>
 * throw new UploadError({ chunk: 3, request, cause })
 * UploadError.is(error) // true, also for an error of another copy of the package
 */
export function defineError<Fields extends object = {}>(
  name: string,
  code: ErrorCode,
  text: string | ((options: ErrorOptions & Partial<Fields>) => string),
): ErrorClass<Fields> {
  class Defined extends MiniwireError {
    constructor(options: ErrorOptions & Partial<Fields> = {}) {
      super({
        code,
        message:
          options.message ||
          describe(options.request, typeof text === 'string' ? text : text(options)),
        request: options.request,
        cause: options.cause,
      })
      brand(this, name)
      for (const key in options) {
        if (!COMMON[key]) (this as Record<string, unknown>)[key] = (options as never)[key]
      }
    }

    static is = guardFor(name)
  }
  return Defined as unknown as ErrorClass<Fields>
}
