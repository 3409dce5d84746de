/**
 * Turns Node socket errors into the reasons wx prints after `request:fail `. Android's wx
 * network stack is Chromium's (cronet), so the texts follow Chromium's net error list
 * (`-102:net::ERR_CONNECTION_REFUSED`, …); all of them carry errno 600000 (unknown network
 * error) from wx's errno table.
 */

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: '-102:net::ERR_CONNECTION_REFUSED',
  ECONNRESET: '-101:net::ERR_CONNECTION_RESET',
  EPIPE: '-101:net::ERR_CONNECTION_RESET',
  ECONNABORTED: '-103:net::ERR_CONNECTION_ABORTED',
  ENOTFOUND: '-105:net::ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: '-105:net::ERR_NAME_NOT_RESOLVED',
  EHOSTUNREACH: '-109:net::ERR_ADDRESS_UNREACHABLE',
  ENETUNREACH: '-109:net::ERR_ADDRESS_UNREACHABLE',
  ETIMEDOUT: '-118:net::ERR_CONNECTION_TIMED_OUT',
}

/** The Chromium-style reason of a Node network error. */
export function networkReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException | undefined
  const code = e?.code ?? ''
  if (BY_CODE[code]) return BY_CODE[code]
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return '-202:net::ERR_CERT_AUTHORITY_INVALID'
  if (/^ERR_SSL|^ERR_TLS/.test(code)) return '-107:net::ERR_SSL_PROTOCOL_ERROR'
  if (e?.message === 'socket hang up') return '-101:net::ERR_CONNECTION_RESET'
  return `-2:net::ERR_FAILED ${e?.message ?? String(error)}`
}

/** The reason a request fails with while `$control.setOnline(false)` is in force. */
export const OFFLINE_REASON = '-106:net::ERR_INTERNET_DISCONNECTED'
