/**
 * Cache keys. The seed guide keyed entries by a 32-bit string hash, so two requests could share
 * an entry and one got the other's data. Here the key is the request itself, written so that no
 * two different requests can produce the same string: every free-form part is prefixed with its
 * length except the URL, which comes last and runs to the end, and params / body are serialised
 * with sorted object keys (key order does not matter).
 * Entries keep the full key and a hit compares it.
 */
import type { MiniwireRequest } from '@miniwire/core'

/** JSON.stringify's replacer: plain objects come back with their keys sorted. */
function sortKeys(_name: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value
  const sorted: Record<string, unknown> = {}
  for (const name of Object.keys(value).sort())
    sorted[name] = (value as Record<string, unknown>)[name]
  return sorted
}

/**
 * JSON with object keys sorted at every depth (Dates as ISO strings, `undefined` and functions
 * left out, as JSON does). Throws `TypeError` on a cycle.
 *
 * @example stableStringify({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export const stableStringify = (value: unknown): string => String(JSON.stringify(value, sortKeys))

/** A free-form part, prefixed with its length so that it cannot run into the next one. */
const part = (text: string): string => `${text.length}:${text}`

/**
 * The key of a request: method, then the scope, params, body and chosen headers that are
 * present (each tagged and length-prefixed), then a space and the URL to the end; or the
 * length-prefixed scope, then the explicit `name` to the end. The common GET is
 * `GET https://…`, one concatenation. Methods are upper-case letters, so a request key and a
 * name key (it starts with a digit) differ.
 * `undefined` when params or body cannot be keyed (binary, a cycle).
 */
export function requestKey(
  req: MiniwireRequest,
  url: string,
  scope: string,
  vary: readonly string[],
  name: string | undefined,
): string | undefined {
  if (name !== undefined) return `${part(scope)}${name}`
  let key = req.method
  if (scope) key += `@${part(scope)}`
  try {
    // The common GET has neither params nor body: no serialisation at all.
    if (req.params) key += `?${part(stableStringify(req.params))}`
    if (req.data !== undefined) {
      if (req.data instanceof ArrayBuffer) return undefined
      key += `=${part(stableStringify(req.data))}`
    }
  } catch {
    return undefined
  }
  for (let i = 0; i < vary.length; i++) {
    key += `;${part(req.headers[vary[i]!.toLowerCase()] || '')}`
  }
  return `${key} ${url}`
}
