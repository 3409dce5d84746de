/**
 * The errors options and their layering (plugin < client < request) with core's
 * `defineOptions()`, and the shape handlers receive.
 */
import { type Context, checks, defineOptions, type OptionCheck } from '@miniwire/core'
import { ERROR_KINDS, type ErrorKind } from './classify'
import { type EnvelopeOptions, envelopeCheck, type ResolvedEnvelope } from './envelope'
import { type ErrorMessages, MESSAGES } from './messages'

/** One classified failure, as handlers and the message function see it. */
export interface Failure {
  kind: ErrorKind
  /** The error the request failed with (the caller's promise rejects with it). */
  error: unknown
  /** The envelope's business code, when the answer carried one (also on an HTTP error). */
  businessCode: string | number | undefined
  /** The message the user would read. */
  message: string
  ctx: Context
  /**
   * Shows `title` (the message by default) as a toast through the shared UI layer: fitted to
   * wx's limits, and not again while the same title shows.
   */
  toast(title?: string): void
}

/** Takes a failure in place of the default toast. May be async: the rejection waits for it. */
export type ErrorHandler = (failure: Failure) => void | Promise<void>

/** Options of `errors()`, of `createClient({ errors })` and of each request. */
export interface ErrorsOptions {
  /**
   * Kinds that show nothing and call no handler; `true` silences every kind (for one request:
   * `{ errors: { silent: true } }`).
   * @default ['aborted']
   */
  silent?: boolean | ErrorKind[]
  /**
   * A handler per kind, in place of the default toast.
   * @example handlers: { unauthorized: () => wx.reLaunch({ url: '/pages/login/login' }) }
   */
  handlers?: Partial<Record<ErrorKind, ErrorHandler>>
  /**
   * Per business code (the envelope's, also on an HTTP error's body): a message to show, or a
   * handler. Chosen before the kind's handler.
   * @example codes: { 40001: '余额不足', 40101: (failure) => relogin() }
   */
  codes?: Record<string, string | ErrorHandler>
  /** Takes every failure no other handler took, in place of the default toast. */
  fallback?: ErrorHandler
  /**
   * This request's own handler, before any other (set it per request).
   * @example client.post('/orders', order, { errors: { handler: (f) => this.setData({ error: f.message }) } })
   */
  handler?: ErrorHandler
  /**
   * The language of the default messages.
   * @default 'zh-CN'
   */
  locale?: 'zh-CN' | 'en'
  /**
   * Messages per kind over the locale's.
   * @example messages: { server: '系统繁忙' }
   */
  messages?: Partial<ErrorMessages>
  /**
   * Words a failure differently: return a message, or `undefined` for the usual one.
   * @example message: (f) => (f.kind === 'client' ? serverText(f.error) : undefined)
   */
  message?: (
    failure: Omit<Failure, 'message' | 'toast'> & { message: string },
  ) => string | undefined
  /**
   * Unwraps the business envelope: `true` for `{ code, message, data }` with success code `0`,
   * or the field names and success codes. Off by default: bodies stay as they are.
   * @default false
   * @example envelope: { code: 'errcode', message: 'errmsg', data: 'result', success: ['0'] }
   */
  envelope?: EnvelopeOptions | boolean
  /**
   * The toast's icon when the title fits beside it (7 Chinese characters); longer titles show
   * with `none`.
   * @default 'error'
   */
  icon?: 'error' | 'none'
  /**
   * How long the toast shows, in milliseconds.
   * @default 2000
   */
  duration?: number
}

/** The options with every default filled in. */
export interface ResolvedErrorsOptions
  extends Required<Omit<ErrorsOptions, 'fallback' | 'handler' | 'message' | 'envelope'>> {
  fallback: ErrorHandler | undefined
  handler: ErrorHandler | undefined
  message: ErrorsOptions['message'] | undefined
  envelope: ResolvedEnvelope | false
}

const isKind = (value: unknown): boolean => ERROR_KINDS.indexOf(value as ErrorKind) >= 0

/** An object whose keys pass `key` and whose values pass `value`. */
const record = (
  expected: string,
  key: (k: string) => boolean,
  value: (v: unknown) => boolean,
): OptionCheck => ({
  expected,
  test: (v: any) => checks.object.test(v) && Object.keys(v).every((k) => key(k) && value(v[k])),
})

const kinds = ERROR_KINDS.join(', ')
const isFunc = (v: unknown): boolean => typeof v === 'function'

export const errorsOptions = defineOptions<ErrorsOptions, ResolvedErrorsOptions>({
  key: 'errors',
  schema: {
    silent: {
      expected: `a boolean or an array of kinds (${kinds})`,
      test: (v) => typeof v === 'boolean' || (Array.isArray(v) && v.every(isKind)),
    },
    handlers: record(`an object of handler functions by kind (${kinds})`, isKind, isFunc),
    codes: record(
      'an object of messages or handler functions by business code',
      () => true,
      (v) => isFunc(v) || (typeof v === 'string' && v !== ''),
    ),
    fallback: checks.func,
    handler: checks.func,
    locale: checks.oneOf('zh-CN', 'en'),
    messages: record(
      `an object of non-empty strings by kind (${kinds})`,
      isKind,
      (v) => typeof v === 'string' && v !== '',
    ),
    message: checks.func,
    envelope: envelopeCheck,
    icon: checks.oneOf('error', 'none'),
    duration: checks.number(0, true),
  },
  defaults: {
    silent: ['aborted'],
    handlers: {},
    codes: {},
    fallback: undefined,
    handler: undefined,
    locale: 'zh-CN',
    messages: {},
    message: undefined,
    envelope: false,
    icon: 'error',
    duration: 2000,
  },
})

/** The default message of a kind under these options. */
export const defaultMessage = (kind: ErrorKind, options: ResolvedErrorsOptions): string =>
  options.messages[kind] || MESSAGES[options.locale][kind]
