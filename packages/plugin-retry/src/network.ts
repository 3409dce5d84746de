/**
 * Knowing whether the device is offline, so that a failed attempt waits for the network rather
 * than burning retries on a phone in a tunnel. One watcher per runtime object: it subscribes to
 * `onNetworkStatusChange` once and remembers the last status; `getNetworkType` answers until the
 * first event arrives. Runtimes without these APIs count as online.
 */
import type { WxRuntime } from '@miniwire/core'

interface Watcher {
  /** The last status an event reported; `undefined` until one arrives. */
  online: boolean | undefined
  wakers: Set<() => void>
}

const watchers = new WeakMap<object, Watcher>()

/** The watcher of `wx`, subscribing on first use; `undefined` when wx cannot report changes. */
export function watchNetwork(wx: WxRuntime): Watcher | undefined {
  if (typeof wx.onNetworkStatusChange !== 'function') return undefined
  let watcher = watchers.get(wx)
  if (!watcher) {
    const created: Watcher = { online: undefined, wakers: new Set() }
    watcher = created
    watchers.set(wx, created)
    wx.onNetworkStatusChange((res) => {
      created.online = res.isConnected !== false && res.networkType !== 'none'
      if (!created.online) return
      for (const wake of [...created.wakers]) wake()
    })
  }
  return watcher
}

/** Asks `getNetworkType`; resolves `false` when the runtime cannot tell. */
function reportsNone(wx: WxRuntime): Promise<boolean> {
  if (typeof wx.getNetworkType !== 'function') return Promise.resolve(false)
  const runtime = wx as Required<Pick<WxRuntime, 'getNetworkType'>>
  return new Promise((resolve) => {
    try {
      runtime.getNetworkType({
        success: (res) => resolve(res.networkType === 'none'),
        fail: () => resolve(false),
      })
    } catch {
      resolve(false)
    }
  })
}

/** True when the runtime says there is no network right now. */
export async function isOffline(wx: WxRuntime, watcher: Watcher | undefined): Promise<boolean> {
  if (watcher && watcher.online !== undefined) return !watcher.online
  const none = await reportsNone(wx)
  // An event that arrived while getNetworkType was answering is newer.
  if (watcher && watcher.online !== undefined) return !watcher.online
  return none
}

/** A `subscribe` for `wait()`: wakes when the network returns. */
export function onlineWaker(watcher: Watcher): (wake: () => void) => () => void {
  return (wake) => {
    if (watcher.online === true) {
      wake()
      return () => {}
    }
    watcher.wakers.add(wake)
    return () => watcher.wakers.delete(wake)
  }
}
