/**
 * saveToAlbum(): the permission flow against wx-node's emulated permissions.
 */
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { PermissionDeniedError, saveToAlbum } from '../src'

const env = useIntegration()
const SCOPE = 'scope.writePhotosAlbum'
const names = () => env.wx.$log.filter((e) => e.type !== 'network').map((e) => e.name)

describe('saveToAlbum()', () => {
  it('should ask once when never asked, then save', async () => {
    const path = env.wx.$control.writeTempFile('a.png', 'png')
    await saveToAlbum(path, { wx: env.wx })
    expect(names()).toEqual(expect.arrayContaining(['authorize', 'saveImageToPhotosAlbum']))
  })

  it('should show a modal after a denial, open the settings from its tap, and save once granted there', async () => {
    const path = env.wx.$control.writeTempFile('a.png', 'png')
    env.wx.$control.setPermission(SCOPE, false)
    env.wx.$control.setModalAnswer(() => {
      // The user taps 去设置 and switches the permission on in the settings page.
      env.wx.$control.setPermission(SCOPE, true)
      return { confirm: true }
    })
    await saveToAlbum(path, { wx: env.wx })
    const order = names()
    expect(order.indexOf('showModal')).toBeLessThan(order.indexOf('openSetting'))
    expect(order.indexOf('openSetting')).toBeLessThan(order.lastIndexOf('saveImageToPhotosAlbum'))
    expect(env.wx.$log.find((e) => e.name === 'showModal')!.args).toMatchObject({
      confirmText: '去设置',
    })
  })

  it('should show the modal texts the app gives in place of the default ones', async () => {
    const path = env.wx.$control.writeTempFile('a.png', 'png')
    env.wx.$control.setPermission(SCOPE, false)
    env.wx.$control.setModalAnswer({ confirm: false })
    const modal = { content: 'Allow saving photos in the settings', confirmText: 'Open' }
    await saveToAlbum(path, { wx: env.wx, modal }).catch(() => {})
    expect(env.wx.$log.find((e) => e.name === 'showModal')!.args).toMatchObject({
      title: '无法保存',
      content: 'Allow saving photos in the settings',
      confirmText: 'Open',
    })
  })

  it('should fail with PermissionDeniedError when the user declines the modal', async () => {
    const path = env.wx.$control.writeTempFile('a.png', 'png')
    env.wx.$control.setPermission(SCOPE, false)
    env.wx.$control.setModalAnswer({ confirm: false })
    const error = await saveToAlbum(path, { wx: env.wx }).catch((e) => e)
    expect(PermissionDeniedError.is(error)).toBe(true)
    expect(error.code).toBe('ERR_PERMISSION_DENIED')
    expect(names()).not.toContain('openSetting')
  })

  it('should download a URL first, save it, and remove the temp file', async () => {
    await saveToAlbum(`${env.server.url}/files/avatar-1.png`, { wx: env.wx })
    const saved = env.wx.$log.find((e) => e.name === 'saveImageToPhotosAlbum')!
    const filePath = (saved.args as { filePath: string }).filePath
    expect(() => env.wx.getFileSystemManager().accessSync(filePath)).toThrow()
  })
})
