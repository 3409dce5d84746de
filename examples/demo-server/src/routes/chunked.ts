/**
 * Chunk-and-merge upload, the protocol mini programs use for big files: init (instant answer
 * when the server already holds a file with that md5, or the chunks it already has when the
 * same upload is resumed; without an md5, `md5Required` when a file of that size, and of that
 * `head` (CRC-32 of the first 64 KB) when given, is here, so a client hashes its file only when
 * it may be one the server holds) → one request per chunk
 * with its checksum, `X-Chunk-Crc32` (CRC-32, cheap for a client without crypto) or
 * `X-Chunk-Md5` → list received chunks → merge, verified against the md5 init gave, if any (the
 * file is kept under the md5 the server takes of it).
 *
 * Each chunk is checked as it arrives and written straight into one data file at its offset, and
 * the whole-file md5 is advanced chunk by chunk as they become contiguous (a chunk that arrives
 * in order is hashed from memory, one that arrived early from its pieces held until its turn,
 * or read back past a limit), so the merge only checks the digest and renames: no copy of every
 * chunk, no second read of the file.
 */
import { createHash, randomUUID } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { mkdir, open as openFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import Router from '@koa/router'
import { readObject, readPieces } from '../body'
import { ApiError, Codes, notFound, ok, validationError } from '../envelope'
import { registerFile, storedName } from '../files'
import { optionalAuth } from '../middleware/auth'
import type { AppContext, AppState, ChunkSession, DemoState, ParamsCtx, StoredFile } from '../state'

/** Largest chunk accepted. */
export const MAX_CHUNK_BYTES = 20 * 1024 * 1024
/** Largest file the protocol accepts. */
export const MAX_CHUNKED_FILE_BYTES = 2 * 1024 * 1024 * 1024
/** Bytes a session holds of chunks that came ahead of their turn to be hashed. */
const HELD_BYTES = 32 * 1024 * 1024
const MD5 = /^[0-9a-f]{32}$/i
const CRC32 = /^[0-9a-f]{8}$/i
/** Bytes an init's `head` (CRC-32) covers: the start of the file, or all of a shorter one. */
export const HEAD_BYTES = 65_536

/** CRC-32 of a stored file's first `HEAD_BYTES`, read once and kept on the file. */
async function headOf(state: DemoState, file: StoredFile): Promise<string> {
  if (file.head === undefined) {
    const handle = await openFile(join(state.dirs.files, file.name), 'r')
    try {
      const length = Math.min(HEAD_BYTES, file.size)
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, 0)
      file.head = crc32(buffer.subarray(0, bytesRead)).toString(16).padStart(8, '0')
    } finally {
      await handle.close()
    }
  }
  return file.head
}

/** A running checksum of a chunk's pieces. */
interface Sum {
  update(piece: Buffer): void
  digest(): string
}

/** CRC-32 as zlib computes it, written as the protocol sends it: 8 lower-case hex digits. */
function crcSum(): Sum {
  let crc = 0
  return {
    update: (piece) => {
      crc = crc32(piece, crc)
    },
    digest: () => crc.toString(16).padStart(8, '0'),
  }
}

function md5Sum(): Sum {
  const hash = createHash('md5')
  return { update: (piece) => hash.update(piece), digest: () => hash.digest('hex') }
}

/**
 * The checksum a chunk came with: `X-Chunk-Crc32` (CRC-32 as zlib computes it, 8 hex digits:
 * cheap for a client without crypto) or `X-Chunk-Md5` (32 hex digits); with both, the CRC-32.
 */
function chunkCheck(crc: string, md5: string) {
  if (CRC32.test(crc)) {
    return { name: 'crc32', header: 'X-Chunk-Crc32', given: crc.toLowerCase(), start: crcSum }
  }
  if (MD5.test(md5)) {
    return { name: 'md5', header: 'X-Chunk-Md5', given: md5.toLowerCase(), start: md5Sum }
  }
  throw validationError({
    'X-Chunk-Md5':
      'X-Chunk-Md5 header with the chunk md5 (32 hex digits) or X-Chunk-Crc32 with its CRC-32 (8 hex digits) is required',
  })
}

export function chunkedRoutes(state: DemoState): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/upload/chunked' })
  router.use(optionalAuth(state))
  const { chunkSessions } = state

  const session = (ctx: ParamsCtx): ChunkSession => {
    const found = chunkSessions.get(ctx.params.uploadId!)
    if (!found) throw notFound('upload', ctx.params.uploadId!)
    return found
  }
  const uploaded = (s: ChunkSession) => [...s.received].sort((a, b) => a - b)
  /** An optional hex field of `init`: lower-cased, '' when it is no string (then refused). */
  const optionalHex = (value: unknown): string | undefined =>
    value === undefined ? undefined : typeof value === 'string' ? value.toLowerCase() : ''

  router.post('/init', async (ctx) => {
    const body = await readObject(ctx)
    const fields: Record<string, string> = {}
    const { fileName, size, chunkSize } = body
    // md5 may be left out: the server then asks for it only when it holds a file of this size.
    const hash = optionalHex(body.md5)
    if (typeof fileName !== 'string' || fileName === '') fields.fileName = 'fileName is required'
    if (
      !Number.isInteger(size) ||
      (size as number) < 0 ||
      (size as number) > MAX_CHUNKED_FILE_BYTES
    ) {
      fields.size = `size must be an integer from 0 to ${MAX_CHUNKED_FILE_BYTES}`
    }
    if (
      !Number.isInteger(chunkSize) ||
      (chunkSize as number) < 1 ||
      (chunkSize as number) > MAX_CHUNK_BYTES
    ) {
      fields.chunkSize = `chunkSize must be an integer from 1 to ${MAX_CHUNK_BYTES}`
    }
    if (hash !== undefined && !MD5.test(hash)) fields.md5 = 'md5 must be 32 hex digits'
    const head = optionalHex(body.head)
    if (head !== undefined && !CRC32.test(head)) {
      fields.head = `head must be the CRC-32 (8 hex digits) of the first ${HEAD_BYTES} bytes`
    }
    if (Object.keys(fields).length > 0) throw validationError(fields)

    if (hash === undefined) {
      // A file of this size (and head, when given) is here: it may be this one, so the md5 is
      // wanted after all. A file the server cannot hold costs the client no pass over it.
      const same = [...state.filesByMd5.values()].filter((file) => file.size === size)
      const heads =
        head === undefined
          ? []
          : await Promise.all(same.map((f) => headOf(state, f).catch(() => '')))
      if (same.length > 0 && (head === undefined || heads.indexOf(head) >= 0)) {
        ctx.body = ok({ instant: false, md5Required: true })
        return
      }
    } else {
      const done = state.filesByMd5.get(hash)
      if (done && done.size === size) {
        ctx.body = ok({ instant: true, url: done.url, size: done.size, md5: done.md5 })
        return
      }
    }
    const resumable =
      hash &&
      [...chunkSessions.values()].find(
        (s) => s.md5 === hash && s.size === size && s.chunkSize === chunkSize && !s.merging,
      )
    const s =
      resumable ||
      (await open(state, fileName as string, size as number, chunkSize as number, hash))
    ctx.body = ok({
      instant: false,
      uploadId: s.uploadId,
      chunkCount: s.chunkCount,
      uploaded: uploaded(s),
    })
  })

  router.get('/:uploadId', (ctx) => {
    const s = session(ctx)
    ctx.body = ok({
      uploadId: s.uploadId,
      fileName: s.fileName,
      size: s.size,
      chunkSize: s.chunkSize,
      chunkCount: s.chunkCount,
      uploaded: uploaded(s),
    })
  })

  const putChunk = async (ctx: AppContext & ParamsCtx) => {
    const s = session(ctx)
    const index = Number(ctx.params.index)
    if (!Number.isInteger(index) || index < 0 || index >= s.chunkCount) {
      throw validationError({ index: `index must be an integer from 0 to ${s.chunkCount - 1}` })
    }
    const expected = Math.min(s.chunkSize, s.size - index * s.chunkSize)
    const check = chunkCheck(ctx.get('x-chunk-crc32'), ctx.get('x-chunk-md5'))
    const sum = check.start()
    const pieces = await readPieces(ctx, expected, (piece) => sum.update(piece))
    const size = pieces.reduce((sum, piece) => sum + piece.length, 0)
    if (size !== expected) {
      throw validationError({
        body: `chunk ${index} must be ${expected} bytes, got ${size}`,
      })
    }
    const actual = sum.digest()
    if (actual !== check.given) {
      throw new ApiError(
        400,
        Codes.checksum,
        `chunk ${index} ${check.name} is ${actual}, ${check.header} said ${check.given}`,
        { index, expected: check.given, actual },
      )
    }
    const file = await openFile(dataPath(s), 'r+')
    try {
      await file.writev(pieces, index * s.chunkSize)
    } finally {
      await file.close()
    }
    const again = s.received.has(index)
    s.received.add(index)
    await advanceHash(s, index, pieces, again)
    ctx.body = ok({ index, size, uploaded: uploaded(s) })
  }
  // Registered before `/:uploadId/:index` so POST …/merge never reads as chunk "merge".
  router.post('/:uploadId/merge', async (ctx) => {
    const s = session(ctx)
    const missing = Array.from({ length: s.chunkCount }, (_, i) => i).filter(
      (i) => !s.received.has(i),
    )
    if (missing.length > 0) {
      throw new ApiError(
        400,
        Codes.badRequest,
        `cannot merge: ${missing.length} chunk(s) missing`,
        { missing },
      )
    }
    if (s.merging)
      throw new ApiError(409, Codes.conflict, `upload ${s.uploadId} is already merging`)
    s.merging = true
    const name = storedName(s.fileName)
    try {
      await advanceHash(s)
      const actual = s.hash.digest('hex')
      if (s.md5 !== undefined && actual !== s.md5) {
        throw new ApiError(
          400,
          Codes.checksum,
          `merged file md5 is ${actual}, init said ${s.md5}; upload discarded`,
          {
            expected: s.md5,
            actual,
          },
        )
      }
      await rename(dataPath(s), join(state.dirs.files, name))
      const file = registerFile(state, name, s.size, actual)
      ctx.body = ok({
        url: `/files/${encodeURIComponent(name)}`,
        size: s.size,
        md5: actual,
        name: file.name,
      })
    } finally {
      await rm(s.dir, { recursive: true, force: true })
      chunkSessions.delete(s.uploadId)
    }
  })

  router.put('/:uploadId/:index', putChunk)
  router.post('/:uploadId/:index', putChunk)

  return router
}

async function open(
  state: DemoState,
  fileName: string,
  size: number,
  chunkSize: number,
  hash: string | undefined,
) {
  const uploadId = randomUUID()
  const dir = join(state.dirs.chunks, uploadId)
  await mkdir(dir, { recursive: true })
  const s: ChunkSession = {
    uploadId,
    fileName,
    size,
    chunkSize,
    chunkCount: Math.ceil(size / chunkSize),
    md5: hash,
    received: new Set(),
    dir,
    merging: false,
    hash: createHash('md5'),
    hashed: 0,
    hashing: Promise.resolve(),
    held: new Map(),
  }
  await writeFile(dataPath(s), '')
  state.chunkSessions.set(uploadId, s)
  return s
}

/** The file the session's chunks are written into, each at its offset. */
const dataPath = (s: ChunkSession) => join(s.dir, 'data')

/**
 * Adds every contiguous received chunk not hashed yet to the whole-file md5, in order: `index`
 * from the `pieces` just written, a chunk that came ahead of its turn from the pieces held for
 * it (up to `HELD_BYTES` a session), any other from the data file. Steps run one after another,
 * so chunks arriving together never hash out of order. `again` (the chunk came before): when it
 * was hashed already, it may have brought other bytes, so the file is hashed again from its
 * start.
 */
function advanceHash(
  s: ChunkSession,
  index = -1,
  pieces: Buffer[] = [],
  again = false,
): Promise<void> {
  s.hashing = s.hashing.then(async () => {
    if (again && index < s.hashed) {
      s.hash = createHash('md5')
      s.hashed = 0
      s.held.clear()
    }
    if (index > s.hashed && heldBytes(s) + s.chunkSize <= HELD_BYTES) s.held.set(index, pieces)
    while (s.hashed < s.chunkCount && s.received.has(s.hashed)) {
      const ready = s.hashed === index ? pieces : s.held.get(s.hashed)
      s.held.delete(s.hashed)
      if (ready) {
        for (const piece of ready) s.hash.update(piece)
      } else {
        s.hash.update(await readChunk(s, s.hashed))
      }
      s.hashed++
    }
  })
  return s.hashing
}

/** Bytes of chunks held in memory until their turn to be hashed comes. */
const heldBytes = (s: ChunkSession) => s.held.size * s.chunkSize

/** Chunk `index` read back from the data file. */
async function readChunk(s: ChunkSession, index: number): Promise<Buffer> {
  const at = index * s.chunkSize
  const length = Math.min(s.chunkSize, s.size - at)
  const file = await openFile(dataPath(s), 'r')
  try {
    const { buffer, bytesRead } = await file.read(Buffer.allocUnsafe(length), 0, length, at)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}
