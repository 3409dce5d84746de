import { describe, expect, it } from 'vitest'
import { decodeBase64Url, decodeJwtPayload, jwtExpiresAt, originOf } from '@miniwire/plugin-auth'

function jwt(payload: object): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64url')
  return `${b64('{"alg":"none"}')}.${b64(JSON.stringify(payload))}.sig`
}

describe('decodeBase64Url', () => {
  it('should decode unpadded base64url into UTF-8 text', () => {
    const text = '{"name":"张三","emoji":"😀","bits":"~~~???"}'
    expect(decodeBase64Url(Buffer.from(text).toString('base64url'))).toBe(text)
  })

  it('should accept standard padded base64 too', () => {
    expect(decodeBase64Url(Buffer.from('ab?>').toString('base64'))).toBe('ab?>')
  })

  it('should name the character it cannot read', () => {
    expect(() => decodeBase64Url('ab$c')).toThrow('invalid base64url character "$" at 2')
  })
})

describe('JWT expiry', () => {
  it('should read exp in milliseconds from a JWT payload', () => {
    expect(jwtExpiresAt(jwt({ sub: 1, exp: 1_700_000_000.5 }))).toBe(1_700_000_000_500)
  })

  it('should give undefined for tokens that are not JWTs or have no numeric exp', () => {
    expect(jwtExpiresAt('opaque-token')).toBeUndefined()
    expect(jwtExpiresAt(jwt({ exp: 'soon' }))).toBeUndefined()
    expect(decodeJwtPayload('a.@@@.c')).toBeUndefined()
    expect(decodeJwtPayload(jwt({ sub: '42' }))).toEqual({ sub: '42' })
  })
})

describe('originOf', () => {
  it('should lower-case scheme and host and drop user info and default ports', () => {
    expect(originOf('HTTPS://user:pw@API.Example.com:443/v1?x=1#h')).toBe('https://api.example.com')
    expect(originOf('http://127.0.0.1:8080/a')).toBe('http://127.0.0.1:8080')
    expect(originOf('wss://[::1]:443/ws')).toBe('wss://[::1]')
    expect(originOf('http://[::1]:3000')).toBe('http://[::1]:3000')
  })

  it('should not be fooled by an @ or a host in the path or query', () => {
    expect(originOf('https://api.example.com/@evil.com')).toBe('https://api.example.com')
    expect(originOf('https://api.example.com?next=https://evil.com')).toBe(
      'https://api.example.com',
    )
    expect(originOf('https://evil.com\\@api.example.com/')).toBe('https://evil.com')
  })

  it('should give undefined for relative URLs', () => {
    expect(originOf('/users/1')).toBeUndefined()
    expect(originOf('//cdn.example.com/x')).toBeUndefined()
  })
})
