/**
 * What the user reads: a default message per kind in zh-CN (and English), and titles fitted to
 * wx's toast, which shows about 7 Chinese characters beside an icon and two lines without one.
 */
import type { ErrorKind } from './classify'

/** A message per kind. */
export type ErrorMessages = Record<ErrorKind, string>

/** The built-in messages by locale. */
export const MESSAGES: Record<'zh-CN' | 'en', ErrorMessages> = {
  'zh-CN': {
    network: '网络连接失败',
    offline: '网络未连接，请检查网络',
    timeout: '请求超时',
    aborted: '请求已取消',
    interrupted: '请求被中断，请重试',
    unauthorized: '登录已过期，请重新登录',
    forbidden: '没有访问权限',
    notFound: '请求的资源不存在',
    client: '请求参数错误',
    server: '服务器错误，请稍后重试',
    business: '操作失败',
    unknown: '操作失败，请重试',
  },
  en: {
    network: 'Network error',
    offline: 'No network connection',
    timeout: 'Request timed out',
    aborted: 'Request cancelled',
    interrupted: 'Request interrupted, please retry',
    unauthorized: 'Session expired, please sign in again',
    forbidden: 'Access denied',
    notFound: 'Not found',
    client: 'Invalid request',
    server: 'Server error, please try again later',
    business: 'Operation failed',
    unknown: 'Something went wrong, please retry',
  },
}

/** Widest title shown beside an icon, in Chinese characters. */
const ICON_WIDTH = 7
/** Widest title shown without an icon (two lines), in Chinese characters. */
const PLAIN_WIDTH = 36

/** A title's width in Chinese characters: a wide character counts 1, a narrow one ½. */
function widthOf(text: string): number {
  let width = 0
  for (let i = 0; i < text.length; i++) width += text.charCodeAt(i) > 0xff ? 1 : 0.5
  return width
}

/**
 * A toast for `text`: with the icon asked for when the text fits beside it, else with icon
 * `none`, shortened with `…` past two lines.
 *
 * @example
 * fitToast('请求超时', 'error')              // { title: '请求超时', icon: 'error' }
 * fitToast('服务器错误，请稍后重试', 'error') // { title: '服务器错误，请稍后重试', icon: 'none' }
 */
export function fitToast(
  text: string,
  icon: 'error' | 'none',
): { title: string; icon: 'error' | 'none' } {
  if (icon !== 'none' && widthOf(text) <= ICON_WIDTH) return { title: text, icon }
  if (widthOf(text) <= PLAIN_WIDTH) return { title: text, icon: 'none' }
  let title = ''
  for (const char of text) {
    if (widthOf(`${title}${char}…`) > PLAIN_WIDTH) break
    title += char
  }
  return { title: `${title}…`, icon: 'none' }
}
