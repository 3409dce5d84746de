/**
 * JWT-shaped tokens (HS256 over node:crypto HMAC) so a client can read `exp` from the payload
 * the way it would with a real backend. `exp` and `iat` are seconds; `exp` keeps a millisecond
 * fraction so short test lifetimes (e.g. 300 ms) expire exactly when asked.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { TokenPair } from './types'

export type TokenType = 'access' | 'refresh'

/** What a verified token carries. */
export interface TokenClaims {
  sub: number
  typ: TokenType
  jti: string
  iat: number
  exp: number
}

/** Why a token was refused. */
export type TokenFailure = 'malformed' | 'signature' | 'expired' | 'type' | 'revoked'

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure }

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url')
}

/** Signs, verifies and tracks refresh tokens (each is single-use: refreshing rotates it). */
export class TokenService {
  private readonly secret = randomBytes(32)
  private readonly liveRefresh = new Set<string>()

  constructor(
    private readonly accessTtlMs: number,
    private readonly refreshTtlMs: number,
  ) {}

  /** A fresh pair for `userId`; lifetimes default to the server's. */
  issue(
    userId: number,
    accessTtlMs = this.accessTtlMs,
    refreshTtlMs = this.refreshTtlMs,
  ): TokenPair {
    const refresh = this.sign(userId, 'refresh', refreshTtlMs)
    this.liveRefresh.add(refresh.jti)
    return {
      accessToken: this.sign(userId, 'access', accessTtlMs).token,
      refreshToken: refresh.token,
      expiresIn: Math.max(0, accessTtlMs) / 1000,
    }
  }

  /** Checks shape, signature, type and expiry (and, for refresh tokens, that it is unused). */
  verify(token: string, typ: TokenType): VerifyResult {
    const parts = token.split('.')
    if (parts.length !== 3) return { ok: false, reason: 'malformed' }
    const [header, payload, signature] = parts as [string, string, string]
    const expected = Buffer.from(this.mac(`${header}.${payload}`), 'base64url')
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature' }
    }
    let claims: TokenClaims
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims
    } catch {
      return { ok: false, reason: 'malformed' }
    }
    if (claims.typ !== typ) return { ok: false, reason: 'type' }
    if (claims.exp * 1000 <= Date.now()) return { ok: false, reason: 'expired' }
    if (typ === 'refresh' && !this.liveRefresh.has(claims.jti))
      return { ok: false, reason: 'revoked' }
    return { ok: true, claims }
  }

  /** Marks a refresh token used (rotation) or logged out. */
  revoke(jti: string): void {
    this.liveRefresh.delete(jti)
  }

  private sign(userId: number, typ: TokenType, ttlMs: number): { token: string; jti: string } {
    const now = Date.now()
    const jti = randomBytes(9).toString('base64url')
    const claims: TokenClaims = {
      sub: userId,
      typ,
      jti,
      iat: Math.floor(now / 1000),
      exp: (now + ttlMs) / 1000,
    }
    const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`
    return { token: `${head}.${this.mac(head)}`, jti }
  }

  private mac(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url')
  }
}
