/**
 * Reading request bodies by hand rather than with a body-parser middleware: uploads must reach
 * busboy and the chunk writer unread, while JSON routes and `/echo` want the bytes parsed. The
 * raw bytes are cached on `ctx.state` so reading twice is free.
 */
import { parse as parseQuery } from 'node:querystring'
import { ApiError, Codes } from './envelope'
import type { AppContext } from './state'

/** Largest body a JSON or echo route accepts. */
export const JSON_LIMIT = 1024 * 1024

/** Reads the whole body (at most `limit` bytes, else 413). */
export async function readRaw(ctx: AppContext, limit = JSON_LIMIT): Promise<Buffer> {
  if (!ctx.state.rawBody) ctx.state.rawBody = Buffer.concat(await readPieces(ctx, limit))
  return ctx.state.rawBody
}

/**
 * Reads the body as the pieces it arrived in (at most `limit` bytes, else 413), so a route that
 * hashes and writes a big body (an upload chunk) never copies it into one buffer. `onPiece`
 * sees each piece as it arrives (a running hash).
 */
export async function readPieces(
  ctx: AppContext,
  limit: number,
  onPiece?: (piece: Buffer) => void,
): Promise<Buffer[]> {
  const declared = Number(ctx.get('content-length') || 0)
  if (declared > limit) throw tooLarge(limit)
  const pieces: Buffer[] = []
  let size = 0
  for await (const piece of ctx.req as AsyncIterable<Buffer>) {
    size += piece.length
    if (size > limit) throw tooLarge(limit)
    if (onPiece) onPiece(piece)
    pieces.push(piece)
  }
  return pieces
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, Codes.tooLarge, `request body is larger than ${limit} bytes`)
}

/** What `/echo` reports: JSON / form decoded, text as a string, other bytes as base64. */
export interface DecodedBody {
  kind: 'empty' | 'json' | 'form' | 'text' | 'binary'
  value: unknown
  bytes: number
  /** Set when a JSON body failed to parse. */
  error?: string
}

export function decodeBody(raw: Buffer, contentType: string): DecodedBody {
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  const bytes = raw.length
  if (bytes === 0) return { kind: 'empty', value: null, bytes }
  const text = () => raw.toString('utf8')
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { kind: 'json', value: JSON.parse(text()), bytes }
    } catch (err) {
      return { kind: 'text', value: text(), bytes, error: (err as Error).message }
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { kind: 'form', value: { ...parseQuery(text()) }, bytes }
  }
  if (type.startsWith('text/') || type === '' || type === 'multipart/form-data') {
    return { kind: 'text', value: text(), bytes }
  }
  return { kind: 'binary', value: raw.toString('base64'), bytes }
}

/**
 * The body of an API route as an object: JSON or a urlencoded form. An empty body is `{}`;
 * broken JSON or a non-object is a 400 naming the problem.
 */
export async function readObject(ctx: AppContext): Promise<Record<string, unknown>> {
  const raw = await readRaw(ctx)
  const decoded = decodeBody(raw, ctx.get('content-type'))
  if (decoded.kind === 'empty') return {}
  if (decoded.error) {
    throw new ApiError(400, Codes.badRequest, `request body is not valid JSON: ${decoded.error}`)
  }
  const value = decoded.value
  if (decoded.kind === 'text' || decoded.kind === 'binary') {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'))
      if (isPlainObject(parsed)) return parsed
    } catch {
      // fall through to the error below
    }
    throw new ApiError(400, Codes.badRequest, 'request body must be a JSON object or a form')
  }
  if (!isPlainObject(value)) {
    throw new ApiError(400, Codes.badRequest, 'request body must be a JSON object')
  }
  return value
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
