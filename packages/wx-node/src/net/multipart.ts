/**
 * The multipart/form-data body `wx.uploadFile` sends: one part per `formData` field, then the
 * whole file under `name` with its file name and a content type guessed from the extension.
 * The file itself is streamed between the two fixed parts built here.
 */
import { randomBytes } from 'node:crypto'
import { basename, extname } from 'node:path'

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
}

/** A content type for a file name, `application/octet-stream` when unknown. */
export function contentTypeOf(name: string): string {
  return TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream'
}

/** Content types back to file extensions, for downloads named by their response. */
export function extensionOf(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase()
  for (const [ext, t] of Object.entries(TYPES)) if (t === type) return ext
  return ''
}

function quote(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r|\n/g, ' ')
}

export interface MultipartFrame {
  boundary: string
  head: Buffer
  tail: Buffer
}

/** The parts before and after the file bytes. */
export function multipartFrame(
  name: string,
  filePath: string,
  formData: Record<string, unknown> = {},
): MultipartFrame {
  const boundary = `----WxNodeFormBoundary${randomBytes(12).toString('hex')}`
  let head = ''
  for (const [k, v] of Object.entries(formData)) {
    if (v === undefined) continue
    const value = v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quote(k)}"\r\n\r\n${value}\r\n`
  }
  const file = basename(filePath)
  head += `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(file)}"\r\n`
  head += `Content-Type: ${contentTypeOf(file)}\r\n\r\n`
  return {
    boundary,
    head: Buffer.from(head, 'utf8'),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  }
}
