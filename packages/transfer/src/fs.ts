/**
 * The file operations transfers need, promisified over the runtime's FileSystemManager (its
 * methods are callback-only) by one `fileOp()`. Slices are read with `readFile({ position,
 * length })`, so a big file is never held whole. Failures become `FileError` naming the path.
 */
import { FileError } from './errors'

type Manager = WechatMiniprogram.FileSystemManager

/**
 * Calls one callback-style method of the manager on `path` (given as `filePath`, beside `args`)
 * and resolves with its success result; a failure is a `FileError` naming `path`.
 *
 * @example
 * const { data } = await fileOp(fs, 'readFile', path, { position: 0, length: 1024 })
 */
export function fileOp<R = unknown>(
  fs: Manager,
  method: keyof Manager,
  path: string,
  args?: object,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    ;(fs[method] as (options: object) => void)(
      Object.assign({ filePath: path }, args, {
        success: resolve,
        fail: (cause: unknown) => reject(new FileError({ path, cause })),
      }),
    )
  })
}

/** A file's stats (`size`, `lastModifiedTime` in seconds). */
export function statFile(fs: Manager, path: string): Promise<WechatMiniprogram.Stats> {
  return fileOp<{ stats: WechatMiniprogram.Stats }>(fs, 'stat', path, { path }).then(
    (res) => res.stats,
  )
}

/** The runtime's own md5 of a file (native on a phone: the logic layer has no crypto). */
export function fileMd5(fs: Manager, filePath: string): Promise<string> {
  return fileOp<{ digest: string }>(fs, 'getFileInfo', filePath, {
    digestAlgorithm: 'md5',
  }).then((res) => res.digest.toLowerCase())
}

/** Removes a file; a file that is already gone is no failure. */
export function removeFile(fs: Manager, filePath: string): Promise<unknown> {
  return fileOp(fs, 'unlink', filePath).catch(() => undefined)
}
