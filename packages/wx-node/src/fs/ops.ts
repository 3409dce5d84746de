/**
 * The file operations behind `getFileSystemManager()`, written once and shared by the callback
 * and `*Sync` forms. Writes go to a temp name and are renamed into place, so a failed write
 * never leaves half a file. Only `wx.env.USER_DATA_PATH` is writable, as on a phone.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import { dirname, extname, join, relative } from 'node:path'
import { failure, WX_ERRNO } from '../errno'
import { fsFailure, guard } from './fs-errors'
import type { Sandbox } from './sandbox'

const ENCODINGS: Record<string, BufferEncoding> = {
  utf8: 'utf8',
  'utf-8': 'utf8',
  ascii: 'ascii',
  base64: 'base64',
  binary: 'binary',
  latin1: 'latin1',
  hex: 'hex',
  ucs2: 'ucs2',
  'ucs-2': 'ucs2',
  utf16le: 'utf16le',
  'utf-16le': 'utf16le',
}

function encodingOf(api: string, encoding: unknown): BufferEncoding {
  const enc = ENCODINGS[String(encoding).toLowerCase()]
  if (!enc) throw failure(api, `invalid encoding ${String(encoding)}`, WX_ERRNO.FS_INVALID_ARGUMENT)
  return enc
}

/** A wx `Stats` object. */
export function wxStats(s: fs.Stats) {
  return {
    mode: s.mode,
    size: s.size,
    lastAccessedTime: Math.floor(s.atimeMs / 1000),
    lastModifiedTime: Math.floor(s.mtimeMs / 1000),
    isDirectory: () => s.isDirectory(),
    isFile: () => s.isFile(),
  }
}

function toBytes(api: string, data: unknown, encoding: unknown): Buffer {
  if (typeof data === 'string') return Buffer.from(data, encodingOf(api, encoding ?? 'utf8'))
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  throw failure(
    api,
    'parameter error: data should be String or ArrayBuffer',
    WX_ERRNO.FS_INVALID_ARGUMENT,
  )
}

/** Writes `bytes` to `real` through a temp file + rename. */
export function atomicWrite(real: string, bytes: Buffer): void {
  const tmp = `${real}.${process.pid}.${Date.now()}.part`
  try {
    fs.writeFileSync(tmp, bytes)
    fs.renameSync(tmp, real)
  } catch (error) {
    fs.rmSync(tmp, { force: true })
    throw error
  }
}

export class FileOps {
  constructor(private readonly box: Sandbox) {}

  access(api: string, path: string): void {
    const real = this.box.toReal(path, api)
    guard(api, path, () => fs.accessSync(real))
  }

  readFile(
    api: string,
    o: {
      filePath: string
      encoding?: string | undefined
      position?: number | undefined
      length?: number | undefined
    },
  ) {
    const real = this.box.toReal(o.filePath, api)
    // Only the range is read (open + read at the position), as a phone does: a slice of a big
    // file never costs the whole file.
    return guard(api, o.filePath, () => {
      const fd = fs.openSync(real, 'r')
      try {
        const size = fs.fstatSync(fd).size
        const position = o.position ?? 0
        if (!Number.isInteger(position) || position < 0 || position > size) {
          throw failure(api, 'value of position is out of range', WX_ERRNO.FS_POSITION_OUT_OF_RANGE)
        }
        const length = o.length ?? size - position
        if (!Number.isInteger(length) || length < 0 || position + length > size) {
          throw failure(api, 'value of length is out of range', WX_ERRNO.FS_LENGTH_OUT_OF_RANGE)
        }
        const bytes = new Uint8Array(length)
        for (let at = 0; at < length; ) {
          const read = fs.readSync(fd, bytes, at, length - at, position + at)
          if (read === 0) break
          at += read
        }
        if (o.encoding === undefined) return bytes.buffer as ArrayBuffer
        return Buffer.from(bytes.buffer, 0, length).toString(encodingOf(api, o.encoding))
      } finally {
        fs.closeSync(fd)
      }
    })
  }

  writeFile(
    api: string,
    o: { filePath: string; data: unknown; encoding?: string | undefined },
    append = false,
  ): void {
    const real = this.box.toWritable(o.filePath, api)
    const bytes = toBytes(api, o.data, o.encoding)
    guard(api, o.filePath, () => {
      if (fs.existsSync(real) && fs.statSync(real).isDirectory())
        throw Object.assign(new Error(), { code: 'EISDIR' })
      if (!fs.existsSync(dirname(real))) throw Object.assign(new Error(), { code: 'ENOENT' })
      if (append) {
        if (!fs.existsSync(real)) throw Object.assign(new Error(), { code: 'ENOENT' })
        fs.appendFileSync(real, bytes)
      } else atomicWrite(real, bytes)
    })
  }

  stat(api: string, path: string, recursive = false) {
    const real = this.box.toReal(path, api)
    const top = guard(api, path, () => fs.statSync(real))
    if (!recursive || !top.isDirectory()) return wxStats(top)
    const out: Record<string, ReturnType<typeof wxStats>> = { '/': wxStats(top) }
    for (const entry of fs.readdirSync(real, { recursive: true }) as string[]) {
      out[`/${relative(real, join(real, entry)).split('\\').join('/')}`] = wxStats(
        fs.statSync(join(real, entry)),
      )
    }
    return out
  }

  fileInfo(api: string, filePath: string, algorithm = 'md5') {
    if (algorithm !== 'md5' && algorithm !== 'sha1') {
      throw failure(api, `invalid digestAlgorithm ${algorithm}`, WX_ERRNO.FS_INVALID_ARGUMENT)
    }
    const real = this.box.toReal(filePath, api)
    // Streamed through the hash a block at a time: memory stays one block, whatever the size.
    return guard(api, filePath, () => {
      const fd = fs.openSync(real, 'r')
      try {
        const hash = createHash(algorithm)
        const block = Buffer.allocUnsafe(1024 * 1024)
        let size = 0
        for (let read: number; (read = fs.readSync(fd, block, 0, block.length, size)) > 0; ) {
          hash.update(block.subarray(0, read))
          size += read
        }
        return { size, digest: hash.digest('hex') }
      } finally {
        fs.closeSync(fd)
      }
    })
  }

  saveFile(api: string, tempFilePath: string, filePath?: string): string {
    const src = this.box.toReal(tempFilePath, api)
    if (!fs.existsSync(src) || !fs.statSync(src).isFile()) {
      throw failure(
        api,
        `tempFilePath file not exist ${tempFilePath}`,
        WX_ERRNO.FS_TEMP_FILE_NOT_EXIST,
      )
    }
    const dest = filePath
      ? { wxPath: filePath, real: this.box.toWritable(filePath, api) }
      : this.box.newStored(extname(src))
    guard(api, dest.wxPath, () => fs.renameSync(src, dest.real))
    return dest.wxPath
  }

  unlink(api: string, filePath: string): void {
    const real = this.box.toReal(filePath, api)
    guard(api, filePath, () => {
      if (fs.statSync(real).isDirectory()) throw Object.assign(new Error(), { code: 'EPERM' })
      fs.unlinkSync(real)
    })
  }

  mkdir(api: string, dirPath: string, recursive = false): void {
    const real = this.box.toWritable(dirPath, api)
    guard(api, dirPath, () => {
      if (fs.existsSync(real)) throw Object.assign(new Error(), { code: 'EEXIST' })
      fs.mkdirSync(real, { recursive })
    })
  }

  readdir(api: string, dirPath: string): string[] {
    const real = this.box.toReal(dirPath, api)
    return guard(api, dirPath, () => fs.readdirSync(real))
  }

  rmdir(api: string, dirPath: string, recursive = false): void {
    const real = this.box.toWritable(dirPath, api)
    guard(api, dirPath, () => {
      if (!fs.statSync(real).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' })
      if (recursive) fs.rmSync(real, { recursive: true })
      else fs.rmdirSync(real)
    })
  }

  copyFile(api: string, srcPath: string, destPath: string): void {
    const src = this.box.toReal(srcPath, api)
    const dest = this.box.toWritable(destPath, api)
    const bytes = guard(api, srcPath, () => fs.readFileSync(src))
    guard(api, destPath, () => atomicWrite(dest, bytes))
  }

  rename(api: string, oldPath: string, newPath: string): void {
    const src = this.box.toWritable(oldPath, api)
    const dest = this.box.toWritable(newPath, api)
    guard(api, oldPath, () => fs.accessSync(src))
    guard(api, newPath, () => fs.renameSync(src, dest))
  }

  savedFiles() {
    return fs.readdirSync(this.box.storeDir).map((name) => {
      const s = fs.statSync(join(this.box.storeDir, name))
      return {
        filePath: `wxfile://${name}`,
        size: s.size,
        createTime: Math.floor(s.birthtimeMs / 1000),
      }
    })
  }

  removeSaved(api: string, filePath: string): void {
    if (!/^wxfile:\/\/store_/.test(String(filePath)))
      throw fsFailure(api, { code: 'ENOENT' }, String(filePath))
    this.unlink(api, filePath)
  }
}
