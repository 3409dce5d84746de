/**
 * Persistence that stays off the hot path (seed defect 10 wrote storage synchronously on every
 * request): a request only marks the figures dirty; they are saved with the asynchronous
 * `wx.setStorage` at most once per `persistInterval` and when the app is hidden, within a byte
 * budget under wx's 1 MB a key. Loading reads storage once, when the monitor starts.
 */
import type { WxRuntime } from '@miniwire/core'
import type { Stats, StatsJSON } from './stats'

/** UTF-8 byte length of a string (storage limits count bytes, not characters). */
function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    // A surrogate pair is 2 units and 4 bytes: 2 bytes per unit.
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit < 0xe000 ? 2 : 3
  }
  return bytes
}

/**
 * The stored text of the figures; the history and the errors are left out when the whole would
 * be larger than `maxBytes`, and `undefined` is returned when even the counts do not fit.
 */
export function serialise(json: StatsJSON, maxBytes: number): string | undefined {
  let text = JSON.stringify(json)
  if (utf8Length(text) <= maxBytes) return text
  json.history = json.errors = []
  text = JSON.stringify(json)
  return utf8Length(text) <= maxBytes ? text : undefined
}

/** Saves the figures of one monitor to one storage key. */
export class Persister {
  private timer: ReturnType<typeof setTimeout> | undefined
  private dirty = false

  constructor(
    private readonly wx: WxRuntime,
    private readonly key: string,
    private readonly interval: number,
    private readonly maxBytes: number,
    private readonly stats: Stats,
  ) {}

  /** Reads the stored figures, once at start; a missing or unreadable value is ignored. */
  load(): void {
    try {
      const text = this.wx.getStorageSync!(this.key)
      if (typeof text === 'string' && text) this.stats.load(JSON.parse(text) as StatsJSON)
    } catch {
      // Another layout, or storage unavailable: start from zero.
    }
  }

  /** Marks the figures changed; saves within `interval` ms (one timer, whatever the traffic). */
  touch(): void {
    this.dirty = true
    if (this.timer === undefined) this.timer = setTimeout(() => this.save(), this.interval)
  }

  /** Saves now if anything changed; a refused write (quota) is tried again on the next save. */
  save(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    if (!this.dirty) return
    this.dirty = false
    const text = serialise(this.stats.toJSON(), this.maxBytes)
    if (text === undefined) return
    this.wx.setStorage!({
      key: this.key,
      data: text,
      fail: () => {
        this.dirty = true
      },
    })
  }

  /** Removes the stored figures (after `reset()`). */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.dirty = false
    try {
      this.wx.removeStorageSync!(this.key)
    } catch {
      // Nothing stored, or storage unavailable.
    }
  }

  /** Stops the timer (the figures not yet saved are saved now). */
  dispose(): void {
    this.save()
  }
}
