/**
 * Scopes, the album, media choice and login, driven by `$control`. A scope is granted (`true`),
 * denied (`false`) or never asked (`undefined`, and the scripted user allows when asked).
 * Denials fail with wx's `<api>:fail auth deny`. `chooseMedia`/`chooseImage` copy the
 * configured real files into the sandbox as temp files, or fail `:fail cancel` (the user
 * closed the picker) when none are configured.
 */
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { type CallbackOptions, invoke } from '../callbacks'
import { failure } from '../errno'
import type { Runtime } from '../runtime'
import { requireString } from './params'

const VIDEO_EXT = new Set(['.mp4', '.mov', '.m4v', '.avi', '.3gp'])

/** Grants a never-asked scope (the scripted user taps "allow"); fails a denied one. */
function ensureScope(rt: Runtime, api: string, scope: string): void {
  const state = rt.permissions.get(scope)
  if (state === false) {
    rt.record('permission', api, { scope, granted: false })
    throw failure(api, 'auth deny')
  }
  if (state === undefined) rt.permissions.set(scope, true)
  rt.record('permission', api, { scope, granted: true })
}

function chosenFiles(rt: Runtime, api: string, count: number) {
  if (rt.chooseFiles.length === 0) throw failure(api, 'cancel')
  return rt.chooseFiles.slice(0, count).map((real) => {
    if (!existsSync(real)) throw failure(api, `file not found ${real}`)
    const ext = extname(real).toLowerCase()
    const temp = rt.sandbox.newTemp(ext)
    copyFileSync(real, temp.real)
    return { wxPath: temp.wxPath, size: statSync(temp.real).size, video: VIDEO_EXT.has(ext) }
  })
}

export function permissionsApi(rt: Runtime) {
  let loginCount = 0
  const authSetting = () => Object.fromEntries(rt.permissions)

  return {
    getSetting: (o?: CallbackOptions) =>
      invoke('getSetting', o, () => ({ authSetting: authSetting() })),
    authorize: (o: CallbackOptions & { scope?: unknown }) =>
      invoke('authorize', o, () => {
        ensureScope(rt, 'authorize', requireString('authorize', 'scope', o?.scope))
        return {}
      }),
    openSetting: (o?: CallbackOptions) =>
      invoke('openSetting', o, () => {
        rt.record('permission', 'openSetting', { authSetting: authSetting() })
        return { authSetting: authSetting() }
      }),
    saveImageToPhotosAlbum: (o: CallbackOptions & { filePath?: unknown }) =>
      invoke('saveImageToPhotosAlbum', o, () => {
        const api = 'saveImageToPhotosAlbum'
        const real = rt.sandbox.toReal(requireString(api, 'filePath', o?.filePath), api)
        if (!existsSync(real)) throw failure(api, `file not exists ${String(o.filePath)}`)
        ensureScope(rt, api, 'scope.writePhotosAlbum')
        const album = join(rt.sandbox.root, 'album')
        mkdirSync(album, { recursive: true })
        copyFileSync(
          real,
          join(album, `${Date.now()}_${randomBytes(4).toString('hex')}${extname(real)}`),
        )
        return {}
      }),
    chooseMedia: (o?: CallbackOptions & { count?: number }) =>
      invoke('chooseMedia', o, () => {
        const files = chosenFiles(rt, 'chooseMedia', o?.count ?? 9)
        rt.record('permission', 'chooseMedia', { files: files.map((f) => f.wxPath) })
        const kinds = new Set(files.map((f) => (f.video ? 'video' : 'image')))
        return {
          type: kinds.size > 1 ? 'mix' : (kinds.values().next().value ?? 'image'),
          tempFiles: files.map((f) => ({
            tempFilePath: f.wxPath,
            size: f.size,
            duration: 0,
            height: 0,
            width: 0,
            thumbTempFilePath: '',
            fileType: f.video ? 'video' : 'image',
          })),
        }
      }),
    chooseImage: (o?: CallbackOptions & { count?: number }) =>
      invoke('chooseImage', o, () => {
        const files = chosenFiles(rt, 'chooseImage', o?.count ?? 9)
        rt.record('permission', 'chooseImage', { files: files.map((f) => f.wxPath) })
        return {
          tempFilePaths: files.map((f) => f.wxPath),
          tempFiles: files.map((f) => ({ path: f.wxPath, size: f.size })),
        }
      }),
    login: (o?: CallbackOptions) =>
      invoke('login', o, () => {
        const code = rt.loginCode
          ? rt.loginCode()
          : `wxnode_${++loginCount}_${randomBytes(6).toString('hex')}`
        rt.record('permission', 'login', { code })
        return { code }
      }),
  }
}
