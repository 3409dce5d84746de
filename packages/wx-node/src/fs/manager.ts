/**
 * `wx.getFileSystemManager()`: the callback form (`success`/`fail`/`complete`, no Promise, as
 * wx's FileSystemManager) and the `*Sync` form of each emulated method. Methods wx has but
 * wx-node does not emulate (file descriptors, zip, compressed files) exist and throw an Error
 * naming themselves, so the object still satisfies `WechatMiniprogram.FileSystemManager`.
 */
import { type CallbackOptions, invoke, invokeSync } from '../callbacks'
import { FileOps } from './ops'
import type { Sandbox } from './sandbox'

const NOT_EMULATED = [
  'open',
  'openSync',
  'close',
  'closeSync',
  'fstat',
  'fstatSync',
  'ftruncate',
  'ftruncateSync',
  'read',
  'readSync',
  'write',
  'writeSync',
  'truncate',
  'truncateSync',
  'readCompressedFile',
  'readCompressedFileSync',
  'readZipEntry',
  'unzip',
]

type Opt = CallbackOptions & Record<string, any>

/** Runs an operation that has nothing to return but `errMsg`. */
function empty(fn: () => void): () => object {
  return () => {
    fn()
    return {}
  }
}

/** Callback-only call: without callbacks wx reports nothing, so a failure is dropped. */
function callback(api: string, o: Opt, run: () => object): void {
  invoke(api, o, run)?.catch(() => {})
}

export function createFileSystemManager(box: Sandbox): WechatMiniprogram.FileSystemManager {
  const ops = new FileOps(box)
  const manager: Record<string, unknown> = {
    access: (o: Opt) =>
      callback(
        'access',
        o,
        empty(() => ops.access('access', o?.path)),
      ),
    accessSync: (path: string) => invokeSync('accessSync', () => ops.access('accessSync', path)),
    readFile: (o: Opt) =>
      callback('readFile', o, () => ({ data: ops.readFile('readFile', o as never) })),
    readFileSync: (filePath: string, encoding?: string, position?: number, length?: number) =>
      invokeSync('readFileSync', () =>
        ops.readFile('readFileSync', {
          filePath,
          ...(encoding === undefined ? {} : { encoding }),
          ...(position === undefined ? {} : { position }),
          ...(length === undefined ? {} : { length }),
        }),
      ),
    writeFile: (o: Opt) =>
      callback(
        'writeFile',
        o,
        empty(() => ops.writeFile('writeFile', o as never)),
      ),
    writeFileSync: (filePath: string, data: unknown, encoding?: string) =>
      invokeSync('writeFileSync', () =>
        ops.writeFile('writeFileSync', {
          filePath,
          data,
          ...(encoding === undefined ? {} : { encoding }),
        }),
      ),
    appendFile: (o: Opt) =>
      callback(
        'appendFile',
        o,
        empty(() => ops.writeFile('appendFile', o as never, true)),
      ),
    appendFileSync: (filePath: string, data: unknown, encoding?: string) =>
      invokeSync('appendFileSync', () =>
        ops.writeFile(
          'appendFileSync',
          { filePath, data, ...(encoding === undefined ? {} : { encoding }) },
          true,
        ),
      ),
    stat: (o: Opt) =>
      callback('stat', o, () => ({ stats: ops.stat('stat', o?.path, o?.recursive === true) })),
    statSync: (path: string, recursive?: boolean) =>
      invokeSync('statSync', () => ops.stat('statSync', path, recursive === true)),
    getFileInfo: (o: Opt) =>
      callback('getFileInfo', o, () =>
        ops.fileInfo('getFileInfo', o?.filePath, o?.digestAlgorithm),
      ),
    saveFile: (o: Opt) =>
      callback('saveFile', o, () => ({
        savedFilePath: ops.saveFile('saveFile', o?.tempFilePath, o?.filePath),
      })),
    saveFileSync: (tempFilePath: string, filePath?: string) =>
      invokeSync('saveFileSync', () => ops.saveFile('saveFileSync', tempFilePath, filePath)),
    unlink: (o: Opt) =>
      callback(
        'unlink',
        o,
        empty(() => ops.unlink('unlink', o?.filePath)),
      ),
    unlinkSync: (filePath: string) =>
      invokeSync('unlinkSync', () => ops.unlink('unlinkSync', filePath)),
    mkdir: (o: Opt) =>
      callback(
        'mkdir',
        o,
        empty(() => ops.mkdir('mkdir', o?.dirPath, o?.recursive === true)),
      ),
    mkdirSync: (dirPath: string, recursive?: boolean) =>
      invokeSync('mkdirSync', () => ops.mkdir('mkdirSync', dirPath, recursive === true)),
    readdir: (o: Opt) =>
      callback('readdir', o, () => ({ files: ops.readdir('readdir', o?.dirPath) })),
    readdirSync: (dirPath: string) =>
      invokeSync('readdirSync', () => ops.readdir('readdirSync', dirPath)),
    rmdir: (o: Opt) =>
      callback(
        'rmdir',
        o,
        empty(() => ops.rmdir('rmdir', o?.dirPath, o?.recursive === true)),
      ),
    rmdirSync: (dirPath: string, recursive?: boolean) =>
      invokeSync('rmdirSync', () => ops.rmdir('rmdirSync', dirPath, recursive === true)),
    copyFile: (o: Opt) =>
      callback(
        'copyFile',
        o,
        empty(() => ops.copyFile('copyFile', o?.srcPath, o?.destPath)),
      ),
    copyFileSync: (srcPath: string, destPath: string) =>
      invokeSync('copyFileSync', () => ops.copyFile('copyFileSync', srcPath, destPath)),
    rename: (o: Opt) =>
      callback(
        'rename',
        o,
        empty(() => ops.rename('rename', o?.oldPath, o?.newPath)),
      ),
    renameSync: (oldPath: string, newPath: string) =>
      invokeSync('renameSync', () => ops.rename('renameSync', oldPath, newPath)),
    getSavedFileList: (o: Opt) =>
      callback('getSavedFileList', o, () => ({ fileList: ops.savedFiles() })),
    removeSavedFile: (o: Opt) =>
      callback(
        'removeSavedFile',
        o,
        empty(() => ops.removeSaved('removeSavedFile', o?.filePath)),
      ),
  }
  for (const name of NOT_EMULATED) {
    manager[name] = () => {
      throw new Error(`wx-node: FileSystemManager.${name} is not emulated`)
    }
  }
  return manager as unknown as WechatMiniprogram.FileSystemManager
}
