/**
 * The download folder: seeds a few files at start (text, JSON, a tiny PNG per seeded user and
 * a 3 MB binary for progress and Range tests), names stored files safely and hashes them.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { patternBytes } from './routes/echo'
import type { DemoState, StoredFile } from './state'

/** Size of the seeded `big.bin`. */
export const BIG_FILE_SIZE = 3 * 1024 * 1024

/** A 1×1 PNG. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

export function md5(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex')
}

/** md5 of a file on disk, streamed. */
export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** A file name safe to store: no folders, no leading dots, only a conservative alphabet. */
export function safeName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/'))
    .replace(/[^\w.\-\u4e00-\u9fa5]/g, '_')
    .replace(/^\.+/, '')
  return cleaned.slice(-120) || 'file'
}

/** A fresh stored name that keeps the original at its end: `3f9a1c2e-photo.jpg`. */
export function storedName(name: string): string {
  return `${randomBytes(4).toString('hex')}-${safeName(name)}`
}

/** Records a finished file so `/upload/chunked/init` can answer an instant upload. */
export function registerFile(
  state: DemoState,
  name: string,
  size: number,
  hash: string,
): StoredFile {
  const file = { name, size, md5: hash, url: `/files/${encodeURIComponent(name)}` }
  if (!state.filesByMd5.has(hash)) state.filesByMd5.set(hash, file)
  return file
}

export async function seedFiles(state: DemoState): Promise<void> {
  const files: Record<string, Buffer> = {
    'hello.txt': Buffer.from('Hello from the miniwire demo server!\n'),
    'sample.json': Buffer.from(
      `${JSON.stringify({ code: 0, message: 'ok', data: { hello: 'world' } }, null, 2)}\n`,
    ),
    'big.bin': patternBytes(BIG_FILE_SIZE),
    'avatar-1.png': PNG_1X1,
    'avatar-2.png': PNG_1X1,
    'avatar-3.png': PNG_1X1,
  }
  await Promise.all(
    Object.entries(files).map(async ([name, data]) => {
      await writeFile(join(state.dirs.files, name), data)
      registerFile(state, name, data.length, md5(data))
    }),
  )
}
