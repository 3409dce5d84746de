/**
 * Loading, toast and modal. Loading and toast share one layer (wx docs): showing one replaces
 * the other, and `hideLoading` closes a toast too (and `hideToast` a loading) unless
 * `noConflict: true`. A toast closes itself after `duration`. `showModal` answers with the
 * scripted answer from `$control.setModalAnswer`.
 */
import { type CallbackOptions, invoke } from '../callbacks'
import { failure } from '../errno'
import type { Runtime } from '../runtime'
import type { WxToastState } from '../types'
import { requireString } from './params'

type Opt<T> = T & CallbackOptions

export function uiApi(rt: Runtime) {
  let toastTimer: ReturnType<typeof setTimeout> | undefined

  function clearToast(): void {
    rt.clearTimer(toastTimer)
    toastTimer = undefined
    rt.toast = null
  }

  return {
    showLoading: (o: Opt<WechatMiniprogram.ShowLoadingOption>) => {
      rt.record('ui', 'showLoading', o)
      return invoke('showLoading', o, () => {
        const title = requireString('showLoading', 'title', o?.title)
        clearToast()
        rt.loading = { title, mask: o.mask === true }
        return {}
      })
    },
    hideLoading: (o?: Opt<WechatMiniprogram.HideLoadingOption>) => {
      rt.record('ui', 'hideLoading', o ?? {})
      return invoke('hideLoading', o, () => {
        if (rt.loading) rt.loading = null
        else if (rt.toast && o?.noConflict !== true) clearToast()
        return {}
      })
    },
    showToast: (o: Opt<WechatMiniprogram.ShowToastOption>) => {
      rt.record('ui', 'showToast', o)
      return invoke('showToast', o, () => {
        const title = requireString('showToast', 'title', o?.title)
        clearToast()
        rt.loading = null
        const toast: WxToastState = {
          title,
          icon: o.icon ?? 'success',
          image: o.image,
          duration: o.duration ?? 1500,
          mask: o.mask === true,
        }
        rt.toast = toast
        toastTimer = rt.setTimer(() => {
          if (rt.toast === toast) {
            rt.toast = null
            rt.record('ui', 'toastExpired', { title })
          }
        }, toast.duration)
        return {}
      })
    },
    hideToast: (o?: Opt<WechatMiniprogram.HideToastOption>) => {
      rt.record('ui', 'hideToast', o ?? {})
      return invoke('hideToast', o, () => {
        if (rt.toast) clearToast()
        else if (rt.loading && o?.noConflict !== true) rt.loading = null
        return {}
      })
    },
    showModal: (o: Opt<WechatMiniprogram.ShowModalOption>) => {
      rt.record('ui', 'showModal', o)
      return invoke('showModal', o, () => {
        for (const name of ['confirmText', 'cancelText'] as const) {
          const text = o?.[name]
          if (typeof text === 'string' && text.length > 4) {
            throw failure('showModal', `${name} length should not larger than 4 Chinese characters`)
          }
        }
        const answer =
          typeof rt.modalAnswer === 'function' ? rt.modalAnswer(o ?? {}) : rt.modalAnswer
        const confirm = answer.confirm === true
        const cancel = !confirm
        rt.record('ui', 'modalAnswered', { confirm, cancel })
        return { confirm, cancel, content: answer.content ?? '' }
      })
    },
  }
}
