/**
 * The file operations transfers need, promisified over the runtime's FileSystemManager (its
 * methods are callback-only) by one `fileOp()`. Slices are read with `readFile({ position,
 * length })`, so a big file is never held whole. Failures become `FileError` naming the path.
 */
import { FileError } from './errors'
import { requireApis, type Runtime } from './target'

type Manager = WechatMiniprogram.FileSystemManager

/** The runtime's file system manager, or a clear error when it has none. */
export function fileSystem(rt: Runtime, where: string): Manager {
  requireApis(rt, where, ['getFileSystemManager'])
  return rt.wx.getFileSystemManager!()
}

/**
 * Calls one callback-style method of the manager with `args` and resolves with its success
 * result; a failure is a `FileError` naming `path`.
 *
 * @example
 * await fileOp(fs, 'rename', newPath, { oldPath, newPath })
 */
export function fileOp<R = unknown>(
  fs: Manager,
  method: keyof Manager,
  path: string,
  args: object,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    ;(fs[method] as (options: object) => void)(
      Object.assign({}, args, {
        success: resolve,
        fail: (cause: unknown) => reject(new FileError({ path, cause })),
      }),
    )
  })
}

/** Size and modification time (seconds) of a file. */
export function statFile(fs: Manager, path: string): Promise<{ size: number; mtime: number }> {
  return fileOp<{ stats: WechatMiniprogram.Stats }>(fs, 'stat', path, { path }).then((res) => ({
    size: res.stats.size,
    mtime: res.stats.lastModifiedTime,
  }))
}

/** `length` bytes from `position`, as an ArrayBuffer. */
export function readSlice(
  fs: Manager,
  filePath: string,
  position: number,
  length: number,
): Promise<ArrayBuffer> {
  return fileOp<{ data: ArrayBuffer }>(fs, 'readFile', filePath, {
    filePath,
    position,
    length,
  }).then((res) => res.data)
}

/** The runtime's own md5 of a file (native on a phone: the logic layer has no crypto). */
export function fileMd5(fs: Manager, filePath: string): Promise<string> {
  return fileOp<{ digest: string }>(fs, 'getFileInfo', filePath, {
    filePath,
    digestAlgorithm: 'md5',
  }).then((res) => res.digest.toLowerCase())
}

/** Removes a file; a file that is already gone is no failure. */
export function removeFile(fs: Manager, filePath: string): Promise<unknown> {
  return fileOp(fs, 'unlink', filePath, { filePath }).catch(() => undefined)
}

/** Moves a temp file (wx's downloads) to a kept path with `saveFile`. */
export function keepTempFile(fs: Manager, tempFilePath: string, filePath: string) {
  return fileOp(fs, 'saveFile', filePath, { tempFilePath, filePath })
}
