/**
 * The page stack: navigateTo pushes (at most 10 pages), redirectTo replaces the top, reLaunch
 * and switchTab reset it, navigateBack pops `delta` pages but never the first. With
 * `tabBarPages` configured, navigateTo/redirectTo refuse tabBar pages and switchTab accepts
 * only them, with wx's fail texts.
 */
import { type CallbackOptions, invoke } from '../callbacks'
import { failure } from '../errno'
import type { Runtime } from '../runtime'
import { requireString } from './params'

const MAX_PAGES = 10

/** `/pages/a/a?x=1` → `/pages/a/a`, so tabBar checks ignore query and leading slash. */
function pathOf(url: string): string {
  const path = url.split('?')[0] ?? url
  return path.startsWith('/') ? path : `/${path}`
}

type UrlOpt = CallbackOptions & { url?: unknown }

export function navigationApi(rt: Runtime) {
  const tabs = () => rt.options.tabBarPages.map(pathOf)
  const isTab = (url: string) => tabs().includes(pathOf(url))

  function go(api: string, o: UrlOpt, apply: (url: string) => void) {
    rt.record('navigation', api, o)
    return invoke(api, o, () => {
      const url = requireString(api, 'url', o?.url)
      apply(url)
      return {}
    })
  }

  return {
    navigateTo: (o: UrlOpt) =>
      go('navigateTo', o, (url) => {
        if (isTab(url)) throw failure('navigateTo', 'can not navigateTo a tabbar page')
        if (rt.pageStack.length >= MAX_PAGES)
          throw failure('navigateTo', 'webview count limit exceed')
        rt.pageStack.push(url)
      }),
    redirectTo: (o: UrlOpt) =>
      go('redirectTo', o, (url) => {
        if (isTab(url)) throw failure('redirectTo', 'can not redirectTo a tabbar page')
        rt.pageStack[rt.pageStack.length - 1] = url
      }),
    reLaunch: (o: UrlOpt) =>
      go('reLaunch', o, (url) => {
        rt.pageStack.splice(0, rt.pageStack.length, url)
      }),
    switchTab: (o: UrlOpt) =>
      go('switchTab', o, (url) => {
        if (tabs().length > 0 && !isTab(url))
          throw failure('switchTab', 'can not switch to no-tabBar page')
        rt.pageStack.splice(0, rt.pageStack.length, url)
      }),
    navigateBack: (o?: CallbackOptions & { delta?: number }) => {
      rt.record('navigation', 'navigateBack', o ?? {})
      return invoke('navigateBack', o, () => {
        if (rt.pageStack.length <= 1)
          throw failure('navigateBack', 'cannot navigate back at first page.')
        const delta = Math.max(1, Math.floor(Number(o?.delta ?? 1)) || 1)
        rt.pageStack.splice(Math.max(1, rt.pageStack.length - delta))
        return {}
      })
    },
  }
}
