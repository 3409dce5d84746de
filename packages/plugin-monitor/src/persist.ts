/**
 * Persistence that stays off the hot path (seed defect 10 wrote storage synchronously on every
 * request): a request only marks the figures dirty; they are saved with the asynchronous
 * `wx.setStorage` at most once per `persistInterval` and when the app is hidden, within a byte
 * budget under wx's 1 MB a key. Loading reads storage once, when the monitor starts.
 */
import { utf8Length, type WxRuntime } from '@miniwire/core'
import { later } from './later'
import type { Stats, StatsJSON } from './stats'

/**
 * The stored text of the figures; the history and the errors are left out when the whole would
 * be larger than `maxBytes`, and `undefined` is returned when even the counts do not fit.
 */
function serialise(json: StatsJSON, maxBytes: number): string | undefined {
  let text = JSON.stringify(json)
  if (utf8Length(text) <= maxBytes) return text
  json.history = json.errors = []
  text = JSON.stringify(json)
  return utf8Length(text) <= maxBytes ? text : undefined
}

/** Saves the figures of one monitor to one storage key. */
export interface Persister {
  /** Marks the figures changed; saves within `interval` ms (one timer, whatever the traffic). */
  touch(): void
  /** Saves now if anything changed; a refused write (quota) is tried again on the next save. */
  save(): void
  /** Removes the stored figures (after `reset()`). */
  clear(): void
}

/**
 * Loads the figures stored under `key` into `stats` (a missing or unreadable value is ignored)
 * and saves them there from now on.
 */
export function persister(
  wx: WxRuntime,
  options: { storageKey: string | false; persistInterval: number; maxStorageBytes: number },
  stats: Stats,
): Persister {
  const key = options.storageKey as string
  let dirty = false
  try {
    const text = wx.getStorageSync!(key)
    if (text) stats.load(JSON.parse(text) as StatsJSON)
  } catch {
    // Another layout, or storage unavailable: start from zero.
    stats.load()
  }

  function save(): void {
    timer.disarm()
    const text = dirty && serialise(stats.toJSON(), options.maxStorageBytes)
    dirty = false
    if (text) wx.setStorage!({ key, data: text, fail: () => (dirty = true) })
  }
  const timer = later(save, options.persistInterval)

  return {
    touch() {
      dirty = true
      timer.arm()
    },
    save,
    clear() {
      timer.disarm()
      dirty = false
      try {
        wx.removeStorageSync!(key)
      } catch {
        // Nothing stored, or storage unavailable.
      }
    },
  }
}
