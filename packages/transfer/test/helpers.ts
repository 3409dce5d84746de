/**
 * Shared test helpers: deterministic file contents, digests, a token source over the demo
 * server's own tokens (the part plugin-auth would provide), and the demo server's files read
 * back for digest comparison.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TokenSource } from '@miniwire/core'
import type { DemoServer } from '@miniwire/demo-server'

/** `size` bytes that differ per `seed`, so two test files never share an md5. */
export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size)
  let x = seed * 2654435761
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

export const md5 = (data: Buffer | Uint8Array): string =>
  createHash('md5').update(data).digest('hex')

/** The bytes the server serves at `path`, and their md5. */
export function fetchBack(server: DemoServer, path: string) {
  // node:http rather than fetch: undici trips over @tus/server's GET stream in this Node.
  return new Promise<{ status: number; body: Buffer; md5: string }>((resolve, reject) => {
    get(new URL(path, server.url), (res) => {
      const parts: Buffer[] = []
      res.on('data', (part: Buffer) => parts.push(part))
      res.on('end', () => {
        const body = Buffer.concat(parts)
        resolve({ status: res.statusCode || 0, body, md5: md5(body) })
      })
      res.on('error', reject)
    }).on('error', reject)
  })
}

/** A folder for a sandbox or a storage file that outlives one runtime. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'miniwire-transfer-'))

/**
 * A token source issuing the demo server's tokens. `expireAfter` calls of `getToken`, it hands
 * out an already-expired token (the token ran out mid-upload); `refresh` issues a valid one.
 */
export function demoTokens(
  server: DemoServer,
  expireAfter = Infinity,
): TokenSource & { refreshes: number; stale: Array<string | undefined> } {
  let current = server.issueTokens().accessToken
  let calls = 0
  const source = {
    refreshes: 0,
    stale: [] as Array<string | undefined>,
    async getToken() {
      calls++
      if (calls === expireAfter + 1) current = server.issueTokens({ accessTtlMs: 0 }).accessToken
      return current
    },
    async refresh(options?: { stale?: string }) {
      source.refreshes++
      source.stale.push(options && options.stale)
      current = server.issueTokens().accessToken
      return current
    },
    onChange: () => () => {},
  }
  return source
}
