/**
 * Redaction: nothing the monitor stores or sends may carry a credential. URLs lose their query
 * (and fragment) before they are recorded; error messages, which often repeat a URL or a header,
 * have every `name=value` / `name: value` pair of a listed name and every `Bearer …` masked.
 */

/** What a masked value becomes. */
export const REDACTED = '[redacted]'

/**
 * Names redacted by default: credentials sent as headers, cookies or query parameters.
 * Matched whole and case-insensitively; any name containing "token" is masked too.
 */
export const DEFAULT_REDACT: readonly string[] = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'secret',
  'session',
  'sessionid',
  'ticket',
  'sign',
  'signature',
  'api_key',
  'apikey',
]

const escapeRegExp = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A function that masks the listed names (and token-like ones) in a text. */
export function redactor(names: readonly string[]): (text: string) => string {
  const alternatives = names.map(escapeRegExp).concat('[\\w-]*token[\\w-]*').join('|')
  // A name at a boundary, then `=` or `:` (JSON quotes allowed), then the value up to a separator.
  const pairs = new RegExp(
    `(^|[^\\w-])(${alternatives})("?\\s*[=:]\\s*"?)(?:(?:Bearer|Basic)\\s+)?[^\\s&;,"']+`,
    'gi',
  )
  return (text) =>
    text
      .replace(pairs, `$1$2$3${REDACTED}`)
      .replace(/\bBearer\s+[^\s,;"']+/gi, `Bearer ${REDACTED}`)
}

/** A URL without its query string and fragment. */
export const stripQuery = (url: string): string => url.split(/[?#]/, 1)[0]!
