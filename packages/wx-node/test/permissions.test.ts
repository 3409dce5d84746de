import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWx, type WxNode } from '../src'

let wx: WxNode
beforeEach(() => {
  wx = createWx()
})
afterEach(async () => {
  await wx.$dispose()
})

describe('permissions, media and login', () => {
  it('should grant a never-asked scope on authorize and list it in getSetting', async () => {
    await expect(wx.getSetting()).resolves.toEqual({ authSetting: {}, errMsg: 'getSetting:ok' })
    await wx.authorize({ scope: 'scope.userLocation' })
    expect((await wx.getSetting()).authSetting).toEqual({ 'scope.userLocation': true })
  })

  it('should fail authorize and saveImageToPhotosAlbum with auth deny for a denied scope', async () => {
    wx.$control.setPermission('scope.writePhotosAlbum', false)
    await expect(wx.authorize({ scope: 'scope.writePhotosAlbum' })).rejects.toEqual({
      errMsg: 'authorize:fail auth deny',
    })
    const img = wx.$control.writeTempFile('a.png', new Uint8Array([137, 80, 78, 71]))
    await expect(wx.saveImageToPhotosAlbum({ filePath: img })).rejects.toEqual({
      errMsg: 'saveImageToPhotosAlbum:fail auth deny',
    })
    expect((await wx.openSetting()).authSetting).toEqual({ 'scope.writePhotosAlbum': false })
    expect(wx.$log.filter((e) => e.type === 'permission').map((e) => e.name)).toContain(
      'saveImageToPhotosAlbum',
    )
  })

  it('should save an image once the scope is granted, and fail for a missing file', async () => {
    wx.$control.setPermission('scope.writePhotosAlbum', true)
    const img = wx.$control.writeTempFile('b.jpg', 'jpeg bytes')
    await expect(wx.saveImageToPhotosAlbum({ filePath: img })).resolves.toEqual({
      errMsg: 'saveImageToPhotosAlbum:ok',
    })
    await expect(
      wx.saveImageToPhotosAlbum({ filePath: 'wxfile://tmp_missing.jpg' }),
    ).rejects.toEqual({
      errMsg: 'saveImageToPhotosAlbum:fail file not exists wxfile://tmp_missing.jpg',
    })
  })

  it('should return configured files from chooseMedia and chooseImage as temp files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wx-node-media-'))
    try {
      writeFileSync(join(dir, 'cat.png'), 'png!')
      writeFileSync(join(dir, 'clip.mp4'), 'mp4!!')
      wx.$control.setChooseMediaFiles([join(dir, 'cat.png'), join(dir, 'clip.mp4')])
      const media = await wx.chooseMedia({ count: 2 })
      expect(media.type).toBe('mix')
      expect(media.tempFiles.map((f) => [f.fileType, f.size])).toEqual([
        ['image', 4],
        ['video', 5],
      ])
      const real = wx.$control.resolvePath(media.tempFiles[0]!.tempFilePath)
      expect(readFileSync(real, 'utf8')).toBe('png!')
      const images = await wx.chooseImage({ count: 1 })
      expect(images.tempFilePaths).toHaveLength(1)
      expect(images.tempFilePaths[0]).toMatch(/^wxfile:\/\/tmp_[0-9a-f]+\.png$/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('should fail chooseMedia with cancel when no files are configured', async () => {
    await expect(wx.chooseMedia({})).rejects.toEqual({ errMsg: 'chooseMedia:fail cancel' })
  })

  it('should give a fresh login code each time, or the scripted one', async () => {
    const a = await wx.login()
    const b = await wx.login()
    expect(a.code).not.toBe(b.code)
    wx.$control.setLoginCode(() => 'code-123')
    expect(await wx.login()).toEqual({ code: 'code-123', errMsg: 'login:ok' })
  })

  it('should remove the default sandbox on dispose', async () => {
    const real = wx.$control.resolvePath(wx.env.USER_DATA_PATH)
    expect(existsSync(real)).toBe(true)
    await wx.$dispose()
    expect(existsSync(real)).toBe(false)
  })
})
