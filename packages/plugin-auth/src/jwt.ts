/**
 * Reading a JWT's `exp` with no base64 or text-decoding globals, which a mini program lacks:
 * base64url is decoded by hand and the bytes go through `decodeURIComponent` as
 * percent-escapes, which also decodes UTF-8 (claims may hold Chinese names).
 */
import { checks } from '@miniwire/core'

// base64url's two last digits, then standard base64's (read as the same values: 62 and 63).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/'

/**
 * Decodes base64url (or standard base64, padded or not) into a UTF-8 string.
 * Throws `TypeError` naming the first character it cannot read.
 *
 * @example
 * decodeBase64Url('eyJzdWIiOiI0MiJ9') // '{"sub":"42"}'
 */
export function decodeBase64Url(input: string): string {
  let escaped = ''
  let buffer = 0
  let bits = 0
  for (let i = 0; i < input.length; i++) {
    const char = input.charAt(i)
    if (char === '=') break // padding ends the data
    const value = ALPHABET.indexOf(char)
    if (value < 0) throw new TypeError(`invalid base64url character "${char}" at ${i}`)
    buffer = ((buffer << 6) | (value > 63 ? value - 2 : value)) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      const byte = (buffer >> bits) & 0xff
      escaped += (byte < 16 ? '%0' : '%') + byte.toString(16)
    }
  }
  return decodeURIComponent(escaped)
}

/**
 * The payload of a JWT (`header.payload.signature`), or `undefined` when the token is not a
 * JWT or its payload is not a JSON object. The signature is not checked: that is the server's job.
 *
 * @example
 * decodeJwtPayload(token)?.exp // seconds since the epoch
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[1]) return undefined
  try {
    const payload: unknown = JSON.parse(decodeBase64Url(parts[1]))
    return checks.object.test(payload) ? (payload as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** When a JWT expires, in milliseconds since the epoch, or `undefined` without a numeric `exp`. */
export function jwtExpiresAt(token: string): number | undefined {
  const payload = decodeJwtPayload(token)
  const exp = payload && payload.exp
  // Number.isFinite is false for anything but a finite number (no coercion).
  return Number.isFinite(exp) ? (exp as number) * 1000 : undefined
}
