/** Redaction on its own: one pattern, one pass, every listed name and any `Bearer` value. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_REDACT } from '../src'
import { redactor } from '../src/redact'

describe('redactor()', () => {
  const redact = redactor(DEFAULT_REDACT)

  it('should mask a Bearer token that follows no listed name', () => {
    expect(redact('upstream said: Bearer abc.def rejected')).toBe(
      'upstream said: Bearer [redacted] rejected',
    )
  })

  it('should mask a listed pair with its scheme, a JSON pair and a token-like query parameter in one text', () => {
    const text = redact(
      'Authorization: Basic dXNlcg== {"password":"hunter2"} /a?refresh_token=R1&page=2',
    )
    expect(text).toBe(
      'Authorization: [redacted] {"password":"[redacted]"} /a?refresh_token=[redacted]&page=2',
    )
  })

  it('should match a configured name literally, not as a pattern', () => {
    const only = redactor(['a.b'])
    expect(only('a.b=1 axb=2')).toBe('a.b=[redacted] axb=2')
  })
})
