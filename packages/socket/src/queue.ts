/**
 * The offline queue: frames sent while the socket is not open wait here, bounded by count and
 * bytes. A message sent while the queue is full drops the oldest (or itself, by policy) and
 * the drop is reported, never silent. With `persist`, text frames are written to storage
 * through the runtime object (once per tick, not once per message) and read back on start, so
 * they survive an app restart.
 */
import type { WxRuntime } from '@miniwire/core'
import { type Frame, frameBytes } from './codec'
import type { QueueOptions } from './options'

export class OutQueue {
  /** Oldest first. */
  readonly frames: Frame[] = []
  /** Frames taken off the head so far: tells a flush whether its head is still there. */
  shifted = 0
  private bytes = 0
  /** Where the next put-back goes: failed sends return ahead of what was queued after them. */
  private back = 0
  private saving: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly options: Required<QueueOptions> | false,
    private readonly wx: WxRuntime,
    /** Called with each frame the queue had to let go, and when storage refused a write. */
    private readonly report: (
      reason: 'dropped' | 'storage',
      data: unknown,
      cause?: unknown,
    ) => void,
  ) {
    const key = options && options.persist
    if (key && wx.getStorageSync) {
      let stored: unknown
      try {
        stored = wx.getStorageSync(key)
      } catch {}
      if (Array.isArray(stored)) for (const frame of stored) this.push(frame)
    }
  }

  get size(): number {
    return this.frames.length
  }

  /** Adds a frame at the tail; false (and reported) when it had to be dropped. */
  push(frame: Frame): boolean {
    const o = this.options
    const size = frameBytes(frame)
    if (!o || !o.limit || size > o.maxBytes || (o.drop === 'newest' && this.full(size))) {
      this.report('dropped', frame)
      return false
    }
    while (this.full(size)) this.report('dropped', this.shift())
    this.frames.push(frame)
    this.bytes += size
    this.save()
    return true
  }

  /** Puts a frame whose send failed back ahead of the frames queued after it. */
  putBack(frame: Frame): void {
    this.frames.splice(this.back++, 0, frame)
    this.bytes += frameBytes(frame)
    this.save()
  }

  /** Takes the head off, once it was sent. */
  shift(): Frame | undefined {
    const frame = this.frames.shift()
    if (frame !== undefined) {
      this.bytes -= frameBytes(frame)
      this.shifted++
      if (this.back > 0) this.back--
      this.save()
    }
    return frame
  }

  /** A new connection starts: put-backs go to the head again. */
  restart(): void {
    this.back = 0
  }

  private full(size: number): boolean {
    const o = this.options as Required<QueueOptions>
    return (
      this.frames.length > 0 && (this.frames.length >= o.limit || this.bytes + size > o.maxBytes)
    )
  }

  /** Writes the text frames to storage on the next tick (one write for a burst). */
  private save(): void {
    const key = this.options && this.options.persist
    if (!key || this.saving !== undefined || !this.wx.setStorageSync) return
    this.saving = setTimeout(() => {
      this.saving = undefined
      const text = this.frames.filter((frame) => typeof frame === 'string')
      try {
        if (text.length) this.wx.setStorageSync!(key, text)
        else if (this.wx.removeStorageSync) this.wx.removeStorageSync(key)
      } catch (error) {
        // Storage full: the frames are still in memory, only a restart would lose them.
        this.report('storage', text, error)
      }
    }, 0)
  }
}
