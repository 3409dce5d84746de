/**
 * `POST /upload`: multipart upload through busboy, streamed to disk while hashing. Answers
 * `{ name, size, md5, fields, url, … }` for the first file and `files` for all of them. A file
 * over the limit or a broken stream is a clear error and leaves no partial file behind.
 */
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import Router from '@koa/router'
import busboy from 'busboy'
import { ApiError, Codes, ok, validationError } from '../envelope'
import { registerFile, storedName } from '../files'
import { optionalAuth } from '../middleware/auth'
import type { AppContext, AppState, DemoState } from '../state'

/** Largest file `/upload` accepts. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024

export interface UploadedFile {
  fieldName: string
  name: string
  storedAs: string
  mimeType: string
  size: number
  md5: string
  url: string
}

export function uploadRoutes(state: DemoState): Router<AppState> {
  const router = new Router<AppState>()

  router.post('/upload', optionalAuth(state), async (ctx) => {
    if (!ctx.is('multipart/form-data')) {
      throw new ApiError(
        400,
        Codes.badRequest,
        `POST /upload expects multipart/form-data, got "${ctx.get('content-type') || 'no content type'}"`,
      )
    }
    const { fields, files } = await receive(ctx, state)
    if (files.length === 0) throw validationError({ file: 'a file part is required' })
    for (const f of files) registerFile(state, f.storedAs, f.size, f.md5)
    const first = files[0]!
    ctx.body = ok({ ...first, fields, files })
  })

  return router
}

async function receive(ctx: AppContext, state: DemoState) {
  const fields: Record<string, string> = {}
  const files: UploadedFile[] = []
  const written: string[] = []
  const pending: Promise<void>[] = []
  let failure: ApiError | Error | undefined

  const parser = busboy({
    headers: ctx.req.headers,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 10, fields: 100 },
  })
  parser.on('field', (name, value) => {
    fields[name] = value
  })
  parser.on('file', (fieldName, stream, info) => {
    const storedAs = storedName(info.filename || 'upload.bin')
    const path = join(state.dirs.files, storedAs)
    written.push(path)
    const hash = createHash('md5')
    let size = 0
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk)
        size += chunk.length
        done(null, chunk)
      },
    })
    stream.on('limit', () => {
      failure = new ApiError(
        413,
        Codes.tooLarge,
        `file "${info.filename}" is larger than ${MAX_UPLOAD_BYTES} bytes`,
      )
    })
    const entry: UploadedFile = {
      fieldName,
      name: info.filename ?? '',
      storedAs,
      mimeType: info.mimeType,
      size: 0,
      md5: '',
      url: `/files/${encodeURIComponent(storedAs)}`,
    }
    files.push(entry)
    pending.push(
      pipeline(stream, meter, createWriteStream(path)).then(() => {
        entry.size = size
        entry.md5 = hash.digest('hex')
      }),
    )
  })

  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('close', resolve)
      parser.on('error', reject)
      ctx.req.on('aborted', () => reject(new Error('client aborted the upload')))
      ctx.req.pipe(parser)
    })
    await Promise.all(pending)
  } catch (err) {
    failure ??= new ApiError(
      400,
      Codes.badRequest,
      `multipart body could not be read: ${(err as Error).message}`,
    )
  }
  if (failure) {
    await Promise.allSettled(pending)
    await Promise.all(written.map((p) => rm(p, { force: true })))
    throw failure
  }
  return { fields, files }
}
