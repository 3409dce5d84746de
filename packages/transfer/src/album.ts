/**
 * `saveToAlbum()`: a photo or video into the phone's album with the whole permission flow.
 * `scope.writePhotosAlbum` is read with getSetting; never asked → authorize; refused → a modal
 * explains and its confirm button (a user tap, which `openSetting` requires) opens the
 * settings; granted there → saved. A URL is downloaded first and its temp file removed after.
 */
import { checks, defineOptions } from '@miniwire/core'
import { download } from './download'
import { PermissionDeniedError } from './errors'
import { removeFile } from './fs'
import { begin, commonSchema, type Runtime, type TransferTarget } from './target'

const SCOPE = 'scope.writePhotosAlbum'
const VIDEO = /\.(mp4|mov|m4v|3gp|avi)(\?|#|$)/i

/** Options of `saveToAlbum()`. */
export interface SaveToAlbumOptions extends TransferTarget {
  /** @default 'image', or 'video' for .mp4 / .mov / .m4v / .3gp / .avi */
  kind?: 'image' | 'video'
  /** The modal shown after a refusal. */
  modal?: {
    /** @default '无法保存' */
    title?: string
    /** @default '需要你允许保存到相册，请在设置中打开' */
    content?: string
    /** ≤ 4 characters. @default '去设置' */
    confirmText?: string
  }
}

export const albumOptions = defineOptions<SaveToAlbumOptions, SaveToAlbumOptions>({
  key: 'saveToAlbum',
  schema: {
    client: commonSchema.client,
    wx: commonSchema.wx,
    kind: checks.oneOf('image', 'video'),
    modal: checks.object,
  },
  defaults: {},
})

const isDenied = (error: unknown): boolean =>
  /auth den|authorize|permission/i.test(
    String((error && (error as { errMsg?: string }).errMsg) || ''),
  )

/** Whether the scope is granted now: asks once when it was never asked. */
async function granted(rt: Runtime): Promise<boolean> {
  const setting = (await rt.wx.getSetting!({})) as WechatMiniprogram.GetSettingSuccessCallbackResult
  const state = (setting.authSetting as Record<string, boolean | undefined>)[SCOPE]
  if (state === true) return true
  if (state === false) return false
  return rt.wx.authorize!({ scope: SCOPE }).then(
    () => true,
    () => false,
  )
}

/** The modal, then the settings page from its confirm tap; true when the user granted it there. */
async function askInSettings(rt: Runtime, modal: SaveToAlbumOptions['modal']): Promise<boolean> {
  const answer = (await rt.wx.showModal!(
    Object.assign(
      { title: '无法保存', content: '需要你允许保存到相册，请在设置中打开', confirmText: '去设置' },
      modal,
    ),
  )) as WechatMiniprogram.ShowModalSuccessCallbackResult
  if (!answer.confirm) return false
  const after = (await rt.wx.openSetting!({})) as WechatMiniprogram.OpenSettingSuccessCallbackResult
  return (after.authSetting as Record<string, boolean | undefined>)[SCOPE] === true
}

/**
 * Saves an image or a video (a local path or a URL) to the album.
 *
 * @example
 * await saveToAlbum('https://cdn.example.com/poster.jpg', { client })
 */
export async function saveToAlbum(
  pathOrUrl: string,
  options: SaveToAlbumOptions = {},
): Promise<void> {
  // The kind as given (begin() checks it) picks the saver the runtime must have.
  const kind = options && options.kind
  const video = kind ? kind === 'video' : VIDEO.test(pathOrUrl)
  const saver = video ? 'saveVideoToPhotosAlbum' : 'saveImageToPhotosAlbum'
  const [o, rt] = begin(
    albumOptions,
    options,
    ['getSetting', 'authorize', 'showModal', 'openSetting', saver],
    { pathOrUrl },
  )
  const save = rt.wx[saver]!
  const remote = /^https?:\/\//i.test(pathOrUrl)
  const filePath = remote
    ? (await download(pathOrUrl, { client: o.client, wx: rt.wx })).filePath
    : pathOrUrl
  try {
    // Refused, or revoked between the check and the save: once back through the settings.
    for (let ok = await granted(rt), again = false; ; again = true) {
      if (!ok && !(await askInSettings(rt, o.modal))) {
        throw new PermissionDeniedError({ scope: SCOPE })
      }
      try {
        await save.call(rt.wx, { filePath })
        return
      } catch (error) {
        if (again || !isDenied(error)) throw error
        ok = false
      }
    }
  } finally {
    if (remote) await removeFile(rt.fs, filePath)
  }
}
