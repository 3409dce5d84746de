/**
 * wx's loading and toast are one layer: only one shows at a time, and `hideLoading` also closes
 * a toast. plugin-loading and plugin-errors share this coordinator per runtime object so that
 * hiding the loading never closes an error toast, and a loading wanted while a toast shows
 * appears when the toast ends.
 */
import type { WxRuntime } from '../types'
import { runtimeService } from './services'

/** What `showLoading` is given. */
export interface LoadingView {
  title: string
  mask?: boolean
}

/** What `showToast` is given (wx's options less the callbacks). */
export interface ToastView {
  title: string
  icon?: 'success' | 'error' | 'loading' | 'none'
  /** @default 1500 */
  duration?: number
  mask?: boolean
}

/** The coordinator of wx's one loading/toast layer. */
export interface UiLayer {
  /** What the layer shows now. */
  readonly showing: 'loading' | 'toast' | undefined
  /**
   * The toast showing now (as it was given, duration filled in), so that a caller can leave
   * an identical toast unshown instead of restarting it.
   */
  readonly toast: Readonly<ToastView> | undefined
  /** Shows (or retitles) the loading; while a toast shows, it appears when the toast ends. */
  showLoading(view: LoadingView): void
  /** Hides the loading; never closes a toast. */
  hideLoading(): void
  /** Shows a toast over whatever shows; the loading, if still wanted, returns after it. */
  showToast(view: ToastView): void
}

function coordinate(wx: WxRuntime): UiLayer {
  let wanted: LoadingView | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const layer = {
    showing: undefined as UiLayer['showing'],
    toast: undefined as ToastView | undefined,
    showLoading(view: LoadingView): void {
      wanted = view
      if (layer.showing === 'toast' || !wx.showLoading) return
      layer.showing = 'loading'
      wx.showLoading({ title: view.title, mask: !!view.mask })
    },
    hideLoading(): void {
      wanted = undefined
      if (layer.showing !== 'loading') return
      layer.showing = undefined
      // noConflict (base library ≥ 2.22.1) keeps a toast that wx shows meanwhile.
      if (wx.hideLoading)
        wx.hideLoading({ noConflict: true } as WechatMiniprogram.HideLoadingOption)
    },
    showToast(view: ToastView): void {
      if (!wx.showToast) return
      layer.showing = 'toast'
      if (timer !== undefined) clearTimeout(timer)
      const duration = view.duration === undefined ? 1500 : view.duration
      const shown = { title: view.title, icon: view.icon || 'none', duration, mask: !!view.mask }
      layer.toast = shown
      wx.showToast(shown)
      timer = setTimeout(() => {
        timer = undefined
        layer.showing = undefined
        layer.toast = undefined
        if (wanted) layer.showLoading(wanted)
      }, duration)
    },
  }
  return layer
}

/**
 * The loading/toast layer of a runtime object.
 *
 * @example
 * getUiLayer(ctx.client.wx).showToast({ title: '网络不给力' })
 */
export function getUiLayer(wx: WxRuntime): UiLayer {
  return runtimeService(wx, 'ui', coordinate)
}
