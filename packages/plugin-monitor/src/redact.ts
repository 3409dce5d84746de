/**
 * Redaction: nothing the monitor stores or sends may carry a credential. URLs lose their query
 * (and fragment) before they are recorded; error messages, which often repeat a URL or a header,
 * have every `name=value` / `name: value` pair of a listed name and every `Bearer …` masked,
 * by one pattern in one pass.
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

/** A function that masks the listed names (and token-like ones) in a text, in one pass. */
export function redactor(names: readonly string[]): (text: string) => string {
  const alternatives = names.map(escapeRegExp).concat('[\\w-]*token[\\w-]*').join('|')
  // Either a listed name at a boundary, then `=` or `:` (JSON quotes allowed), or a `Bearer`
  // anywhere: then the value (with its scheme), up to a separator, is masked.
  const secrets = new RegExp(
    `((?:^|[^\\w-])(?:${alternatives})"?\\s*[=:]\\s*"?|\\bBearer\\s+)(?:(?:Bearer|Basic)\\s+)?[^\\s&;,"']+`,
    'gi',
  )
  return (text) => text.replace(secrets, `$1${REDACTED}`)
}

/** A URL without its query string and fragment. */
export const stripQuery = (url: string): string => url.split(/[?#]/, 1)[0]!
