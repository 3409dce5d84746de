/**
 * Chunk-and-merge upload, the protocol mini programs use for big files: init (instant answer
 * when the server already holds a file with that md5, or the chunks it already has when the
 * same upload is resumed) → one request per chunk with its md5 in `X-Chunk-Md5` → list
 * received chunks → merge, verified against the whole-file md5.
 */
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { once } from 'node:events'
import Router from '@koa/router'
import { readObject, readRaw } from '../body'
import { ApiError, Codes, notFound, ok, validationError } from '../envelope'
import { md5, md5File, registerFile, storedName } from '../files'
import { optionalAuth } from '../middleware/auth'
import type { AppContext, AppState, ChunkSession, DemoState, ParamsCtx } from '../state'

/** Largest chunk accepted. */
export const MAX_CHUNK_BYTES = 20 * 1024 * 1024
/** Largest file the protocol accepts. */
export const MAX_CHUNKED_FILE_BYTES = 2 * 1024 * 1024 * 1024
const MD5 = /^[0-9a-f]{32}$/i

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

  router.post('/init', async (ctx) => {
    const body = await readObject(ctx)
    const fields: Record<string, string> = {}
    const { fileName, size, chunkSize } = body
    const hash = typeof body.md5 === 'string' ? body.md5.toLowerCase() : ''
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
    if (!MD5.test(hash)) fields.md5 = 'md5 must be 32 hex digits'
    if (Object.keys(fields).length > 0) throw validationError(fields)

    const done = state.filesByMd5.get(hash)
    if (done && done.size === size) {
      ctx.body = ok({ instant: true, url: done.url, size: done.size, md5: done.md5 })
      return
    }
    const resumable = [...chunkSessions.values()].find(
      (s) => s.md5 === hash && s.size === size && s.chunkSize === chunkSize && !s.merging,
    )
    const s =
      resumable ??
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
    const given = ctx.get('x-chunk-md5').toLowerCase()
    if (!MD5.test(given))
      throw validationError({
        'X-Chunk-Md5': 'X-Chunk-Md5 header with the chunk md5 (32 hex digits) is required',
      })
    const data = await readRaw(ctx, expected)
    if (data.length !== expected) {
      throw validationError({
        body: `chunk ${index} must be ${expected} bytes, got ${data.length}`,
      })
    }
    const actual = md5(data)
    if (actual !== given) {
      throw new ApiError(
        400,
        Codes.checksum,
        `chunk ${index} md5 is ${actual}, X-Chunk-Md5 said ${given}`,
        { index, expected: given, actual },
      )
    }
    const path = join(s.dir, String(index))
    await writeFile(`${path}.part`, data)
    await rename(`${path}.part`, path)
    s.received.add(index)
    ctx.body = ok({ index, size: data.length, uploaded: uploaded(s) })
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
    const tmp = join(state.dirs.tmp, `${s.uploadId}.merge`)
    try {
      const out = createWriteStream(tmp)
      for (let i = 0; i < s.chunkCount; i++) {
        for await (const chunk of createReadStream(join(s.dir, String(i)))) {
          if (!out.write(chunk)) await once(out, 'drain')
        }
      }
      out.end()
      await once(out, 'finish')
      const actual = await md5File(tmp)
      if (actual !== s.md5) {
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
      await rename(tmp, join(state.dirs.files, name))
      const file = registerFile(state, name, s.size, actual)
      ctx.body = ok({
        url: `/files/${encodeURIComponent(name)}`,
        size: s.size,
        md5: actual,
        name: file.name,
      })
    } finally {
      await rm(tmp, { force: true })
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
  hash: string,
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
  }
  state.chunkSessions.set(uploadId, s)
  return s
}
