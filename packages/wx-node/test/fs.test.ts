import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWx, type WxNode } from '../src'

let wx: WxNode
let fs: WechatMiniprogram.FileSystemManager
const USR = 'wxfile://usr'

beforeEach(() => {
  wx = createWx()
  fs = wx.getFileSystemManager()
})
afterEach(async () => {
  await wx.$dispose()
})

/** Calls a callback-style FileSystemManager method and resolves with success or fail. */
function call<R = any>(
  fn: (o: any) => void,
  o: Record<string, unknown>,
): Promise<{ ok: boolean; r: R }> {
  return new Promise((resolve) =>
    fn({
      ...o,
      success: (r: R) => resolve({ ok: true, r }),
      fail: (r: R) => resolve({ ok: false, r }),
    }),
  )
}

describe('getFileSystemManager over the sandbox', () => {
  it('should map USER_DATA_PATH to a real folder and write and read real files', async () => {
    expect(wx.env.USER_DATA_PATH).toBe('wxfile://usr')
    const w = await call(fs.writeFile, { filePath: `${USR}/a.txt`, data: '你好 world' })
    expect(w.r).toEqual({ errMsg: 'writeFile:ok' })
    expect(readFileSync(wx.$control.resolvePath(`${USR}/a.txt`), 'utf8')).toBe('你好 world')
    expect((await call(fs.readFile, { filePath: `${USR}/a.txt`, encoding: 'utf8' })).r.data).toBe(
      '你好 world',
    )
  })

  it('should read an ArrayBuffer without encoding and honour position and length', async () => {
    fs.writeFileSync(`${USR}/b.bin`, new Uint8Array([0, 1, 2, 3, 4, 5]).buffer)
    const all = await call(fs.readFile, { filePath: `${USR}/b.bin` })
    expect(all.r.data).toBeInstanceOf(ArrayBuffer)
    const part = fs.readFileSync(`${USR}/b.bin`, undefined, 2, 3) as ArrayBuffer
    expect([...new Uint8Array(part)]).toEqual([2, 3, 4])
    expect(fs.readFileSync(`${USR}/b.bin`, 'hex', 4)).toBe('0405')
  })

  it('should read only the asked range: a slice near the end of a file too big to read whole', async () => {
    // A sparse 3 GB file: Node refuses to read it whole (over its 2 GB buffer limit), so the
    // slice can only come from a read at the position.
    const { openSync, closeSync, writeSync, ftruncateSync } = await import('node:fs')
    fs.writeFileSync(`${USR}/huge.bin`, '')
    const fd = openSync(wx.$control.resolvePath(`${USR}/huge.bin`), 'r+')
    const end = 3 * 1024 ** 3
    ftruncateSync(fd, end)
    writeSync(fd, Buffer.from([7, 8, 9]), 0, 3, end - 3)
    closeSync(fd)
    const r = await call(fs.readFile, { filePath: `${USR}/huge.bin`, position: end - 4, length: 4 })
    expect(r.ok).toBe(true)
    expect([...new Uint8Array(r.r.data)]).toEqual([0, 7, 8, 9])
    expect((await call(fs.readFile, { filePath: `${USR}/huge.bin`, position: end + 1 })).r).toEqual(
      expect.objectContaining({ errMsg: 'readFile:fail value of position is out of range' }),
    )
  })

  it('should fail reads out of range with the FileError texts', async () => {
    fs.writeFileSync(`${USR}/c.txt`, 'abc')
    expect((await call(fs.readFile, { filePath: `${USR}/c.txt`, position: 9 })).r).toEqual({
      errMsg: 'readFile:fail value of position is out of range',
      errno: 1301009,
    })
    expect(() => fs.readFileSync(`${USR}/c.txt`, 'utf8', 1, 5)).toThrow(
      'readFileSync:fail value of length is out of range',
    )
  })

  it('should fail a missing file with "no such file or directory <path>" and errno 1300002', async () => {
    const r = await call(fs.readFile, { filePath: `${USR}/none.txt` })
    expect(r.r).toEqual({
      errMsg: 'readFile:fail no such file or directory wxfile://usr/none.txt',
      errno: 1300002,
    })
    expect(() => fs.accessSync(`${USR}/none.txt`)).toThrow(
      'accessSync:fail no such file or directory wxfile://usr/none.txt',
    )
  })

  it('should refuse writes outside USER_DATA_PATH and paths that escape the sandbox', async () => {
    const temp = wx.$control.writeTempFile('t.txt', 'x')
    expect((await call(fs.writeFile, { filePath: temp, data: 'y' })).r).toEqual({
      errMsg: `writeFile:fail permission denied, open ${temp}`,
      errno: 1301000,
    })
    expect(() => fs.readFileSync('wxfile://usr/../../etc/passwd', 'utf8')).toThrow(
      'readFileSync:fail permission denied, cannot access file path wxfile://usr/../../etc/passwd',
    )
    expect(() => wx.$control.resolvePath('wxfile://elsewhere')).toThrow(/permission denied/)
  })

  it('should append only to an existing file', async () => {
    expect((await call(fs.appendFile, { filePath: `${USR}/log.txt`, data: 'a' })).ok).toBe(false)
    fs.writeFileSync(`${USR}/log.txt`, 'a')
    fs.appendFileSync(`${USR}/log.txt`, 'b')
    expect(fs.readFileSync(`${USR}/log.txt`, 'utf8')).toBe('ab')
  })

  it('should make, list, stat and remove folders', async () => {
    expect((await call(fs.mkdir, { dirPath: `${USR}/x/y` })).r.errno).toBe(1300002)
    fs.mkdirSync(`${USR}/x/y`, true)
    expect(() => fs.mkdirSync(`${USR}/x`)).toThrow(
      'mkdirSync:fail file already exists wxfile://usr/x',
    )
    fs.writeFileSync(`${USR}/x/y/z.txt`, '12345')
    expect(fs.readdirSync(`${USR}/x`)).toEqual(['y'])
    const st = (await call(fs.stat, { path: `${USR}/x/y/z.txt` })).r.stats
    expect(st.size).toBe(5)
    expect(st.isFile()).toBe(true)
    expect(st.isDirectory()).toBe(false)
    const tree = fs.statSync(`${USR}/x`, true) as unknown as Record<string, { size: number }>
    expect(tree['/y/z.txt']!.size).toBe(5)
    expect((await call(fs.rmdir, { dirPath: `${USR}/x` })).r).toEqual({
      errMsg: 'rmdir:fail directory not empty wxfile://usr/x',
      errno: 1300066,
    })
    fs.rmdirSync(`${USR}/x`, true)
    expect(fs.readdirSync(USR)).toEqual([])
  })

  it('should give size and md5 or sha1 digest from getFileInfo', async () => {
    fs.writeFileSync(`${USR}/d.txt`, 'digest me')
    const md5 = (await call(fs.getFileInfo, { filePath: `${USR}/d.txt` })).r
    expect(md5).toEqual({
      size: 9,
      digest: createHash('md5').update('digest me').digest('hex'),
      errMsg: 'getFileInfo:ok',
    })
    const sha1 = (await call(fs.getFileInfo, { filePath: `${USR}/d.txt`, digestAlgorithm: 'sha1' }))
      .r
    expect(sha1.digest).toBe(createHash('sha1').update('digest me').digest('hex'))
  })

  it('should digest a file of several blocks through the hash (getFileInfo streams it)', async () => {
    const data = Buffer.alloc(2.5 * 1024 * 1024)
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 255
    fs.writeFileSync(`${USR}/blocks.bin`, new Uint8Array(data).buffer)
    const r = (await call(fs.getFileInfo, { filePath: `${USR}/blocks.bin` })).r
    expect(r.size).toBe(data.length)
    expect(r.digest).toBe(createHash('md5').update(data).digest('hex'))
  })

  it('should move a temp file with saveFile, list it and remove it', async () => {
    const temp = wx.$control.writeTempFile('photo.jpg', 'jpg')
    const saved = (await call(fs.saveFile, { tempFilePath: temp })).r.savedFilePath as string
    expect(saved).toMatch(/^wxfile:\/\/store_[0-9a-f]+\.jpg$/)
    expect(existsSync(wx.$control.resolvePath(temp))).toBe(false)
    expect(
      (await call(fs.getSavedFileList, {})).r.fileList.map((f: { filePath: string }) => f.filePath),
    ).toEqual([saved])
    expect((await call(fs.saveFile, { tempFilePath: temp })).r).toEqual({
      errMsg: `saveFile:fail tempFilePath file not exist ${temp}`,
      errno: 1301112,
    })
    await call(fs.removeSavedFile, { filePath: saved })
    expect((await call(fs.getSavedFileList, {})).r.fileList).toEqual([])
  })

  it('should copy, rename and unlink user files', async () => {
    fs.writeFileSync(`${USR}/a`, 'A')
    fs.copyFileSync(`${USR}/a`, `${USR}/b`)
    fs.renameSync(`${USR}/b`, `${USR}/c`)
    fs.unlinkSync(`${USR}/a`)
    expect(fs.readdirSync(USR)).toEqual(['c'])
    expect(fs.readFileSync(`${USR}/c`, 'utf8')).toBe('A')
  })

  it('should leave no partial file when a write fails', () => {
    fs.mkdirSync(`${USR}/dir`)
    expect(() => fs.writeFileSync(`${USR}/dir`, 'x')).toThrow(
      'writeFileSync:fail illegal operation on a directory wxfile://usr/dir',
    )
    expect(readdirSync(wx.$control.resolvePath(USR))).toEqual(['dir'])
  })

  it('should name the FileSystemManager methods it does not emulate', () => {
    expect(() => fs.openSync({ filePath: `${USR}/a` })).toThrow(
      'wx-node: FileSystemManager.openSync is not emulated',
    )
  })
})
