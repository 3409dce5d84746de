/**
 * What the app is doing, per runtime object: online or offline (`onNetworkStatusChange`,
 * `getNetworkType` until the first event), in the foreground or hidden (`onAppShow` /
 * `onAppHide`). One subscription to wx per runtime, however many packages listen: retry waits
 * for the network, socket reconnects on show, monitor flushes on hide.
 */
import mitt from 'mitt'
import type { WxRuntime } from '../types'
import { runtimeService } from './services'
import type { Waker } from './wait'

/** Events of `AppState`. */
export type AppEvents = {
  online: undefined
  offline: undefined
  show: undefined
  hide: undefined
}

/** The app's network and visibility, as the runtime reports them. */
export interface AppState {
  /** The last network status reported; `undefined` until the runtime reported one. */
  readonly online: boolean | undefined
  /** False between `onAppHide` and `onAppShow`. */
  readonly visible: boolean
  /** Listens to a change; returns the unsubscribe. */
  on(event: keyof AppEvents, listener: () => void): () => void
  /** True when the runtime says there is no network now (asks `getNetworkType` if unsure). */
  isOffline(): Promise<boolean>
  /**
   * A waker for `sleep()` that ends the wait once `ready(app)` holds: at once if it holds now,
   * else at the first change of network or visibility after which it does.
   * @example
   * // Hidden or offline: wait until the app is in the foreground and online again.
   * await sleep(Infinity, { signal, wake: app.until((app) => app.visible && app.online !== false) })
   */
  until(ready: (app: AppState) => boolean): Waker
}

function watch(wx: WxRuntime): AppState {
  const emitter = mitt<AppEvents>()
  const state = {
    online: undefined as boolean | undefined,
    visible: true,
    on(event: keyof AppEvents, listener: () => void): () => void {
      emitter.on(event, listener)
      return () => emitter.off(event, listener)
    },
    until:
      (ready: (app: AppState) => boolean): Waker =>
      (wake) => {
        const check = (): void => {
          if (ready(state)) wake()
        }
        check()
        emitter.on('*', check)
        return () => emitter.off('*', check)
      },
    isOffline(): Promise<boolean> {
      if (state.online !== undefined || typeof wx.getNetworkType !== 'function') {
        return Promise.resolve(state.online === false)
      }
      return new Promise((resolve) => {
        wx.getNetworkType!({
          // An event that arrived meanwhile is newer than this answer.
          success: (res) =>
            resolve(state.online === undefined ? res.networkType === 'none' : !state.online),
          fail: () => resolve(false),
        })
      })
    },
  }
  if (typeof wx.onNetworkStatusChange === 'function') {
    wx.onNetworkStatusChange((res) => {
      state.online = res.isConnected !== false && res.networkType !== 'none'
      emitter.emit(state.online ? 'online' : 'offline')
    })
  }
  if (typeof wx.onAppHide === 'function') {
    wx.onAppHide(() => {
      state.visible = false
      emitter.emit('hide')
    })
  }
  if (typeof wx.onAppShow === 'function') {
    wx.onAppShow(() => {
      state.visible = true
      emitter.emit('show')
    })
  }
  return state
}

/**
 * The app state of a runtime object; subscribes to wx on first use.
 *
 * @example
 * const app = getAppState(client.wx)
 * app.on('online', () => socket.connect())
 */
export function getAppState(wx: WxRuntime): AppState {
  return runtimeService(wx, 'app', watch)
}
