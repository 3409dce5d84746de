/**
 * App visibility and network state. Hiding the app fires `onAppHide`; if it stays hidden for
 * `hideInterruptMs` (5 s on phones), in-flight and queued network tasks fail
 * `<api>:fail interrupted` (errno 600003), new ones fail the same way, and sockets drop.
 * Going offline fires `onNetworkStatusChange`, makes new tasks fail at once and drops sockets.
 */
import { type CallbackOptions, invoke } from '../callbacks'
import { WX_ERRNO } from '../errno'
import type { Runtime } from '../runtime'

/** Close code wx reports for a socket that dropped without a close frame. */
const ABNORMAL_CLOSURE = 1006

function launchOptions(rt: Runtime) {
  const top = rt.pageStack[rt.pageStack.length - 1] ?? ''
  const [path = '', search = ''] = top.replace(/^\//, '').split('?')
  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (!pair) continue
    const [k = '', v = ''] = pair.split('=')
    query[decodeURIComponent(k)] = decodeURIComponent(v)
  }
  return {
    path,
    query,
    scene: 1001,
    referrerInfo: {},
    forwardMaterials: [],
    apiCategory: 'default',
  }
}

/** Fails every live task and drops every socket. */
function interruptAll(rt: Runtime, reason: string, errno: number, dropSockets: boolean): void {
  for (const task of [...rt.tasks]) task.interrupt(reason, errno)
  if (dropSockets) for (const socket of [...rt.sockets]) socket.drop(ABNORMAL_CLOSURE, reason)
}

export function lifecycleApi(rt: Runtime) {
  let hideTimer: ReturnType<typeof setTimeout> | undefined

  const control = {
    hideApp(): void {
      if (!rt.appVisible) return
      rt.appVisible = false
      rt.record('lifecycle', 'hideApp', {})
      rt.appHide.emit({})
      hideTimer = rt.setTimer(() => {
        hideTimer = undefined
        rt.backgroundInterrupted = true
        rt.record('lifecycle', 'backgroundInterrupt', {
          tasks: rt.tasks.size,
          sockets: rt.sockets.size,
        })
        interruptAll(rt, 'interrupted', WX_ERRNO.INTERRUPTED, true)
      }, rt.options.hideInterruptMs)
    },
    showApp(): void {
      if (rt.appVisible) return
      rt.appVisible = true
      rt.backgroundInterrupted = false
      rt.clearTimer(hideTimer)
      hideTimer = undefined
      rt.record('lifecycle', 'showApp', {})
      rt.appShow.emit(launchOptions(rt))
    },
    setOnline(online: boolean, networkType = 'wifi'): void {
      const type = online ? networkType : 'none'
      if (rt.online === online && rt.networkType === type) return
      rt.online = online
      rt.networkType = type
      rt.record('network', 'setOnline', { online, networkType: type })
      if (!online) {
        for (const socket of [...rt.sockets]) socket.drop(ABNORMAL_CLOSURE, 'network offline')
      }
      rt.networkChange.emit({ isConnected: online, networkType: type })
    },
  }

  const api = {
    onAppShow: (fn: (o: unknown) => void) => rt.appShow.add(fn, 'onAppShow'),
    offAppShow: (fn?: (o: unknown) => void) => rt.appShow.remove(fn),
    onAppHide: (fn: (o: unknown) => void) => rt.appHide.add(fn, 'onAppHide'),
    offAppHide: (fn?: (o: unknown) => void) => rt.appHide.remove(fn),
    onNetworkStatusChange: (fn: (o: { isConnected: boolean; networkType: string }) => void) =>
      rt.networkChange.add(fn, 'onNetworkStatusChange'),
    offNetworkStatusChange: (fn?: (o: { isConnected: boolean; networkType: string }) => void) =>
      rt.networkChange.remove(fn),
    getNetworkType: (o?: CallbackOptions) =>
      invoke('getNetworkType', o, () => ({
        networkType: rt.networkType,
        signalStrength: 0,
        hasSystemProxy: false,
      })),
  }

  return { api, control }
}
