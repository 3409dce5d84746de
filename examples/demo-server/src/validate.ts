/**
 * A tiny field validator: each route lists its fields and rules, and every problem found is
 * reported at once as `{ fields: { name: 'message' } }` with HTTP 400.
 */
import { validationError } from './envelope'

export interface StringRule {
  type: 'string'
  required?: boolean
  min?: number
  max?: number
  pattern?: RegExp
  /** Message when `pattern` does not match. */
  patternMessage?: string
}

export interface StringListRule {
  type: 'string[]'
  required?: boolean
  maxItems?: number
}

export type Rule = StringRule | StringListRule
export type Schema = Record<string, Rule>

/**
 * Checks `body` against `schema`; returns only the schema's fields that are present. Throws a
 * 400 listing every bad field. With `partial`, `required` is ignored (PATCH).
 */
export function validate(
  body: Record<string, unknown>,
  schema: Schema,
  partial = false,
): Record<string, unknown> {
  const fields: Record<string, string> = {}
  const out: Record<string, unknown> = {}
  for (const [name, rule] of Object.entries(schema)) {
    const value = body[name]
    if (value === undefined || value === null || value === '') {
      if (rule.required && !partial) fields[name] = `${name} is required`
      continue
    }
    const problem =
      rule.type === 'string' ? checkString(name, value, rule) : checkList(name, value, rule)
    if (problem) fields[name] = problem
    else out[name] = value
  }
  if (Object.keys(fields).length > 0) throw validationError(fields)
  return out
}

function checkString(name: string, value: unknown, rule: StringRule): string | undefined {
  if (typeof value !== 'string') return `${name} must be a string`
  if (rule.min !== undefined && value.length < rule.min) {
    return `${name} must be at least ${rule.min} characters`
  }
  if (rule.max !== undefined && value.length > rule.max) {
    return `${name} must be at most ${rule.max} characters`
  }
  if (rule.pattern && !rule.pattern.test(value))
    return rule.patternMessage ?? `${name} is malformed`
  return undefined
}

function checkList(name: string, value: unknown, rule: StringListRule): string | undefined {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    return `${name} must be an array of strings`
  }
  if (rule.maxItems !== undefined && value.length > rule.maxItems) {
    return `${name} may hold at most ${rule.maxItems} items`
  }
  return undefined
}

/** A positive integer route parameter, or a 400 naming it. */
export function idParam(value: string | undefined, name = 'id'): number {
  const id = Number(value)
  if (!Number.isInteger(id) || id < 1) {
    throw validationError({ [name]: `${name} must be a positive integer` })
  }
  return id
}

/** `page` and `limit` from the query: page ≥ 1 (default 1), 1 ≤ limit ≤ 100 (default 10). */
export function pageQuery(query: Record<string, string | string[] | undefined>): {
  page: number
  limit: number
} {
  const fields: Record<string, string> = {}
  const read = (name: string, fallback: number, max: number): number => {
    const raw = query[name]
    if (raw === undefined || raw === '') return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 1 || n > max) {
      fields[name] = `${name} must be an integer from 1 to ${max}`
      return fallback
    }
    return n
  }
  const page = read('page', 1, 1_000_000)
  const limit = read('limit', 10, 100)
  if (Object.keys(fields).length > 0) throw validationError(fields)
  return { page, limit }
}

/** One string query value (first of repeats), or undefined. */
export function queryString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/**
 * An integer query parameter from `min` to `max`, `fallback` when absent; anything else is a
 * 400 validation error naming the parameter.
 */
export function intQuery(
  ctx: { query: Record<string, string | string[] | undefined> },
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = queryString(ctx.query[name])
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw validationError({ [name]: `${name} must be an integer from ${min} to ${max}` })
  }
  return n
}
