/**
 * The token source: one place every transport gets an access token from and asks for a fresh
 * one when the server refused it. plugin-auth provides it (`provide(client, 'tokens', …)`);
 * `@miniwire/socket`, `@miniwire/transfer` and `@miniwire/stream` read it with
 * `getTokenSource()` and never import plugin-auth.
 */
import type { AbortSignalLike } from '../abort'
import type { Client } from '../client'
import { lookup } from './services'

/** Where access tokens come from. */
export interface TokenSource {
  /** The token to send now: waits for a refresh in flight; `undefined` when signed out. */
  getToken(options?: { signal?: AbortSignalLike }): Promise<string | undefined>
  /**
   * A fresh token after the server refused `stale`; one refresh is shared by every caller.
   * Rejects when no refresh is possible (signed out, refresh failed).
   */
  refresh(options?: { stale?: string; signal?: AbortSignalLike }): Promise<string>
  /** Called with the new token (or `undefined` on sign-out) whenever it changes. */
  onChange(listener: (token: string | undefined) => void): () => void
}

/**
 * The token source of a client (or its ancestors), or of a runtime object.
 *
 * @example
 * const tokens = getTokenSource(client)
 * const header = tokens ? { Authorization: `Bearer ${await tokens.getToken()}` } : {}
 */
export function getTokenSource(owner: Client | object): TokenSource | undefined {
  return lookup(owner, 'tokens')
}
