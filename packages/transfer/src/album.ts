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

/**
 * Options of `saveToAlbum()`. A video is told by its extension (.mp4, .mov, .m4v, .3gp, .avi);
 * anything else is saved as an image.
 */
export interface SaveToAlbumOptions extends TransferTarget {
  /**
   * The modal shown after a refusal: each text given replaces the default one.
   * @example saveToAlbum(path, { modal: { content: 'Allow saving photos in the settings' } })
   */
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
  schema: { client: commonSchema.client, wx: commonSchema.wx, modal: checks.object },
  defaults: {},
})

/** Whether `scope.writePhotosAlbum` is on in a getSetting or openSetting answer. */
const scopeOf = (answer: unknown): boolean | undefined =>
  (answer as WechatMiniprogram.GetSettingSuccessCallbackResult).authSetting[
    SCOPE as keyof WechatMiniprogram.AuthSetting
  ]

/**
 * Whether the user lets the app save: granted already; never asked → authorize; refused → the
 * modal, then the settings page from its confirm tap.
 */
async function permitted(rt: Runtime, modal: SaveToAlbumOptions['modal']): Promise<boolean> {
  const state = scopeOf(await rt.wx.getSetting!({}))
  if (state) return true
  if (state === undefined) {
    const asked = await rt.wx.authorize!({ scope: SCOPE }).then(
      () => true,
      () => false,
    )
    if (asked) return true
  }
  const answer = (await rt.wx.showModal!(
    Object.assign(
      { title: '无法保存', content: '需要你允许保存到相册，请在设置中打开', confirmText: '去设置' },
      modal,
    ),
  )) as WechatMiniprogram.ShowModalSuccessCallbackResult
  return answer.confirm && scopeOf(await rt.wx.openSetting!({})) === true
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
  // The extension picks the saver the runtime must have.
  const saver = VIDEO.test(pathOrUrl) ? 'saveVideoToPhotosAlbum' : 'saveImageToPhotosAlbum'
  const [o, rt] = begin(
    albumOptions,
    options,
    ['getSetting', 'authorize', 'showModal', 'openSetting', saver],
    { pathOrUrl },
  )
  const remote = /^https?:\/\//i.test(pathOrUrl)
  const filePath = remote
    ? (await download(pathOrUrl, { client: o.client, wx: rt.wx })).filePath
    : pathOrUrl
  try {
    if (!(await permitted(rt, o.modal))) throw new PermissionDeniedError({ scope: SCOPE })
    await rt.wx[saver]!({ filePath })
  } finally {
    if (remote) await removeFile(rt.fs, filePath)
  }
}
