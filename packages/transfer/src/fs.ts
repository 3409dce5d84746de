/**
 * The file operations transfers need, promisified over the runtime's FileSystemManager (its
 * methods are callback-only). Slices are read with `readFile({ position, length })`, so a big
 * file is never held whole. Failures become `FileError` naming the path.
 */
import { FileError } from './errors'
import { requireApis, type Runtime } from './target'

type Manager = WechatMiniprogram.FileSystemManager

/** The runtime's file system manager, or a clear error when it has none. */
export function fileSystem(rt: Runtime, where: string): Manager {
  requireApis(rt, where, ['getFileSystemManager'])
  return rt.wx.getFileSystemManager!()
}

/** Calls one callback-style method and resolves with its success result. */
function call<R>(path: string, run: (success: (r: R) => void, fail: (e: unknown) => void) => void) {
  return new Promise<R>((resolve, reject) => {
    run(resolve, (cause) => reject(new FileError({ path, cause })))
  })
}

/** Size and modification time (seconds) of a file. */
export function statFile(fs: Manager, path: string): Promise<{ size: number; mtime: number }> {
  return call<WechatMiniprogram.StatSuccessCallbackResult>(path, (success, fail) =>
    fs.stat({ path, success, fail }),
  ).then((res) => {
    const stats = res.stats as WechatMiniprogram.Stats
    return { size: stats.size, mtime: stats.lastModifiedTime }
  })
}

/** `length` bytes from `position`, as an ArrayBuffer. */
export function readSlice(
  fs: Manager,
  filePath: string,
  position: number,
  length: number,
): Promise<ArrayBuffer> {
  return call<WechatMiniprogram.ReadFileSuccessCallbackResult>(filePath, (success, fail) =>
    fs.readFile({ filePath, position, length, success, fail }),
  ).then((res) => res.data as ArrayBuffer)
}

/** The runtime's own md5 of a file (native on a phone: the logic layer has no crypto). */
export function fileMd5(fs: Manager, filePath: string): Promise<string> {
  return call<WechatMiniprogram.GetFileInfoSuccessCallbackResult>(filePath, (success, fail) =>
    fs.getFileInfo({ filePath, digestAlgorithm: 'md5', success, fail }),
  ).then((res) => res.digest.toLowerCase())
}

/** Writes `data` to `filePath`, replacing what was there. */
export function writeFile(fs: Manager, filePath: string, data: ArrayBuffer): Promise<void> {
  return call<unknown>(filePath, (success, fail) =>
    fs.writeFile({ filePath, data, success, fail }),
  ).then(() => undefined)
}

/** Appends the file at `from` to `to` (a slice at a time: `from` is at most one piece). */
export async function appendFileTo(fs: Manager, from: string, to: string): Promise<void> {
  const { size } = await statFile(fs, from)
  const data = size ? await readSlice(fs, from, 0, size) : new ArrayBuffer(0)
  await call<unknown>(to, (success, fail) => fs.appendFile({ filePath: to, data, success, fail }))
}

/** Removes a file; a file that is already gone is no failure. */
export function removeFile(fs: Manager, filePath: string): Promise<void> {
  return new Promise((resolve) => {
    fs.unlink({ filePath, success: () => resolve(), fail: () => resolve() })
  })
}

/** Moves a file (rename), replacing what was there. */
export function moveFile(fs: Manager, oldPath: string, newPath: string): Promise<void> {
  return call<unknown>(newPath, (success, fail) =>
    fs.rename({ oldPath, newPath, success, fail }),
  ).then(() => undefined)
}

/** Moves a temp file (wx's downloads) to a kept path with `saveFile`. */
export function keepTempFile(fs: Manager, tempFilePath: string, filePath: string): Promise<void> {
  return call<unknown>(filePath, (success, fail) =>
    fs.saveFile({ tempFilePath, filePath, success, fail }),
  ).then(() => undefined)
}
