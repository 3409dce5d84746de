/**
 * wx's parameter-check failure text, e.g.
 * `showToast:fail parameter error: parameter.title should be String instead of Undefined;`.
 */
import { failure, type WxFailure } from '../errno'

function typeName(value: unknown): string {
  const t = Object.prototype.toString.call(value).slice(8, -1)
  return t.charAt(0).toUpperCase() + t.slice(1)
}

/** Returns `value` if it is a string, else throws wx's parameter error for `api`. */
export function requireString(api: string, name: string, value: unknown): string {
  if (typeof value !== 'string') throw paramError(api, name, 'String', value)
  return value
}

export function paramError(api: string, name: string, expected: string, value: unknown): WxFailure {
  return failure(
    api,
    `parameter error: parameter.${name} should be ${expected} instead of ${typeName(value)};`,
  )
}
