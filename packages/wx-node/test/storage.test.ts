import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createWx, type WxNode } from '../src'

const runtimes: WxNode[] = []
function make(options = {}): WxNode {
  const wx = createWx(options)
  runtimes.push(wx)
  return wx
}

afterEach(async () => {
  for (const wx of runtimes.splice(0)) await wx.$dispose()
})

describe('storage', () => {
  it("should read '' for a missing key with getStorageSync and fail getStorage with data not found", async () => {
    const wx = make()
    expect(wx.getStorageSync('nope')).toBe('')
    await expect(wx.getStorage({ key: 'nope' })).rejects.toEqual({
      errMsg: 'getStorage:fail data not found',
    })
  })

  it('should keep types and hand back copies', async () => {
    const wx = make()
    const when = new Date('2024-01-02T03:04:05.000Z')
    wx.setStorageSync('obj', { a: [1, 2] })
    wx.setStorageSync('n', 0)
    wx.setStorageSync('b', false)
    wx.setStorageSync('d', when)
    const copy = wx.getStorageSync('obj')
    copy.a.push(3)
    expect(wx.getStorageSync('obj')).toEqual({ a: [1, 2] })
    expect(wx.getStorageSync('n')).toBe(0)
    expect(wx.getStorageSync('b')).toBe(false)
    expect(wx.getStorageSync('d')).toEqual(when)
    await expect(wx.getStorage({ key: 'obj' })).resolves.toEqual({
      data: { a: [1, 2] },
      errMsg: 'getStorage:ok',
    })
  })

  it('should answer by callbacks when given, and by Promise otherwise', async () => {
    const wx = make()
    const viaCallback = await new Promise((resolve) => {
      const ret = wx.setStorage({ key: 'k', data: 'v', success: resolve })
      expect(ret).toBeUndefined()
    })
    expect(viaCallback).toEqual({ errMsg: 'setStorage:ok' })
    await expect(wx.removeStorage({ key: 'k' })).resolves.toEqual({ errMsg: 'removeStorage:ok' })
    expect(wx.getStorageSync('k')).toBe('')
  })

  it('should throw past 1 MB in one key and fail the async call, keeping the old value', async () => {
    const wx = make()
    wx.setStorageSync('big', 'small')
    const tooBig = 'x'.repeat(1024 * 1024)
    expect(() => wx.setStorageSync('big', tooBig)).toThrow(
      'setStorageSync:fail entry size limit reached',
    )
    await expect(wx.setStorage({ key: 'big', data: tooBig })).rejects.toEqual({
      errMsg: 'setStorage:fail entry size limit reached',
    })
    expect(wx.getStorageSync('big')).toBe('small')
  })

  it('should throw past 10 MB in all', () => {
    const wx = make()
    const chunk = 'y'.repeat(1000 * 1000)
    for (let i = 0; i < 10; i++) wx.setStorageSync(`k${i}`, chunk)
    expect(() => wx.setStorageSync('k10', chunk)).toThrow(
      'setStorageSync:fail exceed storage max size 10Mb',
    )
    expect(wx.getStorageInfoSync().keys).toHaveLength(10)
  })

  it('should report keys and sizes in KB like getStorageInfoSync', () => {
    const wx = make({ storageTotalLimit: 2048 * 1024 })
    wx.setStorageSync('a', 'z'.repeat(3000))
    const info = wx.getStorageInfoSync()
    expect(info.keys).toEqual(['a'])
    expect(info.currentSize).toBe(3) // ceil((1 + ~3030 bytes) / 1024)
    expect(info.limitSize).toBe(2048)
  })

  it('should name a key that is not a string', () => {
    const wx = make()
    expect(() => wx.setStorageSync(42 as never, 'v')).toThrow(
      'setStorageSync:fail parameter error: parameter.key should be String instead of Number;',
    )
  })

  it('should clear storage and log every write', async () => {
    const wx = make()
    wx.setStorageSync('a', 1)
    await wx.clearStorage()
    wx.removeStorageSync('nothing')
    expect(wx.getStorageInfoSync().keys).toEqual([])
    expect(wx.$log.filter((e) => e.type === 'storage').map((e) => e.name)).toEqual([
      'setStorageSync',
      'clearStorage',
      'removeStorageSync',
    ])
  })

  it('should survive a restart when storageFile is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wx-node-storage-'))
    try {
      const file = join(dir, 'storage.json')
      const first = make({ storageFile: file })
      first.setStorageSync('token', { value: 'abc' })
      await first.$dispose()
      const second = make({ storageFile: file })
      expect(second.getStorageSync('token')).toEqual({ value: 'abc' })
      expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('token')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('should refuse a storageFile that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wx-node-storage-'))
    try {
      const file = join(dir, 'bad.json')
      writeFileSync(file, '{oops')
      expect(() => createWx({ storageFile: file })).toThrow(
        /storageFile .*bad\.json is not valid JSON/,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('should leave no temp folder behind when createWx fails on its storageFile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wx-node-storage-'))
    // os.tmpdir() reads TMPDIR on every call: point it at an empty folder to see what is left.
    const temp = mkdtempSync(join(tmpdir(), 'wx-node-tmpdir-'))
    const saved = process.env.TMPDIR
    process.env.TMPDIR = temp
    try {
      const notJson = join(dir, 'bad.json')
      writeFileSync(notJson, '{oops')
      expect(() => createWx({ storageFile: notJson })).toThrow(
        `createWx: storageFile ${notJson} is not valid JSON`,
      )
      const notObject = join(dir, 'list.json')
      writeFileSync(notObject, '[1, 2]')
      expect(() => createWx({ storageFile: notObject })).toThrow(
        `createWx: storageFile ${notObject} must hold a JSON object`,
      )
      expect(readdirSync(temp)).toEqual([])
      // The same folder does receive the sandbox of a runtime that starts, until $dispose().
      const wx = createWx()
      expect(readdirSync(temp)).toHaveLength(1)
      await wx.$dispose()
      expect(readdirSync(temp)).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
      rmSync(dir, { recursive: true, force: true })
      rmSync(temp, { recursive: true, force: true })
    }
  })
})
