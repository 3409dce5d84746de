/**
 * `/files`: downloads with Content-Length, `Accept-Ranges` and single `Range` requests (206, or
 * 416 when unsatisfiable), and a listing with sizes and md5 so tests can check what arrived.
 */
import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import Router from '@koa/router'
import { ApiError, Codes, notFound, ok } from '../envelope'
import { md5File } from '../files'
import type { AppState, DemoState } from '../state'

const TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.mp4': 'video/mp4',
  '.pdf': 'application/pdf',
}

/** `[start, end]` inclusive, `'unsatisfiable'`, or `undefined` for "send it all". */
export function parseRange(
  header: string,
  size: number,
): [number, number] | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  let start: number
  let end: number
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'unsatisfiable'
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  }
  if (start >= size || start > end) return 'unsatisfiable'
  return [start, end]
}

export function fileRoutes(state: DemoState): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/files' })

  router.get('/', async (ctx) => {
    const names = (await readdir(state.dirs.files)).sort()
    const list = await Promise.all(
      names.map(async (name) => {
        const path = join(state.dirs.files, name)
        return {
          name,
          size: (await stat(path)).size,
          md5: await md5File(path),
          url: `/files/${encodeURIComponent(name)}`,
        }
      }),
    )
    ctx.body = ok({ list, total: list.length })
  })

  router.get('/:name', async (ctx) => {
    const name = ctx.params.name!
    if (name.includes('/') || name.includes('\\') || name.startsWith('.'))
      throw notFound('file', name)
    const path = join(state.dirs.files, name)
    const info = await stat(path).catch(() => undefined)
    if (!info?.isFile()) throw notFound('file', name)
    const size = info.size
    ctx.set('Accept-Ranges', 'bytes')
    ctx.set('Last-Modified', info.mtime.toUTCString())
    ctx.type = TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream'
    const range = ctx.get('range') ? parseRange(ctx.get('range'), size) : undefined
    if (range === 'unsatisfiable') {
      throw new ApiError(
        416,
        Codes.rangeNotSatisfiable,
        `range "${ctx.get('range')}" is outside 0-${size - 1}`,
        undefined,
        {
          'Content-Range': `bytes */${size}`,
        },
      )
    }
    const [start, end] = range ?? [0, size - 1]
    if (range) {
      ctx.status = 206
      ctx.set('Content-Range', `bytes ${start}-${end}/${size}`)
    }
    const length = size === 0 ? 0 : end - start + 1
    // Koa answers HEAD without reading the stream and destroys it when the response ends.
    ctx.body = length === 0 ? '' : createReadStream(path, { start, end })
    ctx.length = length
  })

  return router
}
