/**
 * Option checks: each says what it expects in words, so that a refusal can name the option, the
 * value given and what was expected (`retry(): limit must be an integer ≥ 0, got "3" (string)`).
 */
import { MiniwireError } from '../errors'

/** One check of an option's value. */
export interface OptionCheck {
  /** What the value must be, in words: 'an integer ≥ 0'. */
  readonly expected: string
  test(value: unknown): boolean
  /** Brings a value that passed into the form the plugin uses (e.g. methods upper-cased). */
  map?(value: any): unknown
}

const make = (expected: string, test: (value: any) => boolean): OptionCheck => ({
  expected,
  test,
})

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value)

/** An object that has these methods (a store, a budget, a provider, …). */
const withMethods = (what: string, ...methods: string[]): OptionCheck =>
  make(
    what,
    (v) => !!v && typeof v === 'object' && methods.every((m) => typeof v[m] === 'function'),
  )

/**
 * Ready-made checks for `defineOptions()`.
 *
 * @example
 * const schema = { limit: checks.integer(), methods: checks.arrayOf('string'), onRetry: checks.func }
 */
export const checks = {
  boolean: make('a boolean', (v) => typeof v === 'boolean'),
  func: make('a function', (v) => typeof v === 'function'),
  /** A non-empty string. */
  string: make('a non-empty string', (v) => typeof v === 'string' && v !== ''),
  /** An integer ≥ `min`. */
  integer: (min = 0): OptionCheck =>
    make(`an integer ≥ ${min}`, (v) => isFiniteNumber(v) && Math.floor(v) === v && v >= min),
  /** A finite number ≥ `min` (or > `min` when `exclusive`). */
  number: (min = 0, exclusive = false): OptionCheck =>
    make(`a finite number ${exclusive ? '>' : '≥'} ${min}`, (v) =>
      isFiniteNumber(v) ? (exclusive ? v > min : v >= min) : false,
    ),
  /** An array whose items are all of one `typeof`. */
  arrayOf: (type: 'string' | 'number' | 'function'): OptionCheck =>
    make(
      `an array of ${type}s`,
      (v) => Array.isArray(v) && v.every((item) => typeof item === type),
    ),
  /** One of a few literal values. */
  oneOf: (...values: readonly unknown[]): OptionCheck =>
    make(
      `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
      (v) => values.indexOf(v) >= 0,
    ),
  withMethods,
  /** An abort signal, the standard one or core's: what a `signal` option takes. */
  signal: withMethods('an AbortSignal', 'addEventListener', 'removeEventListener'),
  /** A plain object (not null, not an array). */
  object: make('an object', (v) => !!v && typeof v === 'object' && !Array.isArray(v)),
  /** Any of the given checks. */
  either: (...alternatives: OptionCheck[]): OptionCheck =>
    make(alternatives.map((c) => c.expected).join(' or '), (v) =>
      alternatives.some((c) => c.test(v)),
    ),
  /** A check whose passing value is converted with `map`. */
  mapped: (check: OptionCheck, map: (value: any) => unknown): OptionCheck => ({
    expected: check.expected,
    test: check.test,
    map,
  }),
}

/** How a value reads in an error message: as JSON (strings quoted), shortened. */
export function describeValue(value: unknown): string {
  if (typeof value === 'function') return 'a function'
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch {
    text = Object.prototype.toString.call(value)
  }
  if (text === undefined) text = String(value)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

/**
 * The error for unusable input: `ERR_INVALID_OPTION` with a message that names what was wrong.
 * @example throw invalidOption(`upload(): filePath must be a non-empty string, got ${describeValue(path)}`)
 */
export function invalidOption(message: string, cause?: unknown): MiniwireError {
  return new MiniwireError({ code: 'ERR_INVALID_OPTION', message, cause })
}
