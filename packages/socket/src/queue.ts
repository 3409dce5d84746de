/**
 * The offline queue: frames sent while the socket is not open wait here, bounded by count and
 * bytes. A message sent while the queue is full drops the oldest (or itself, by policy) and
 * the drop is reported, never silent. With `persist`, text frames are written to storage
 * through the runtime object (once per tick, not once per message) and read back on start, so
 * they survive an app restart.
 */
import type { WxRuntime } from '@miniwire/core'
import { type Frame, frameBytes } from './codec'
import type { SocketErrorReason } from './errors'
import { messageOf } from './errors'
import type { QueueOptions } from './options'

/** How the queue reports a frame it let go, or a write that storage refused. */
export type QueueReport = (
  reason: SocketErrorReason,
  text: string,
  data: unknown,
  cause?: unknown,
) => void

/** The queue of one connection. */
export interface OutQueue {
  /** Oldest first. */
  readonly frames: Frame[]
  /** Adds a frame at the tail; false (and reported) when it had to be dropped. */
  push(frame: Frame): boolean
  /** Puts a frame whose send failed back ahead of the frames queued after it. */
  putBack(frame: Frame): void
  /** Takes the head off (to drop it). */
  shift(): Frame | undefined
  /**
   * Takes the head off to send it: it stays in the stored copy until `sent()`, so an app
   * killed mid-send sends it again after the restart instead of losing it.
   */
  take(): Frame | undefined
  /** The frame `take()` gave was confirmed by wx. */
  sent(): void
}

/**
 * Makes the queue, with the frames `persist` kept in storage.
 * @example const queue = createQueue(options.queue, wx, fail)
 */
export function createQueue(
  options: Required<QueueOptions> | false,
  wx: WxRuntime,
  report: QueueReport,
): OutQueue {
  const frames: Frame[] = []
  const key = options && options.persist
  let bytes = 0
  /**
   * Frames put back at the head and not yet taken off again: the next put-back goes after
   * them and ahead of what was queued after them (taking off the head counts them down).
   */
  let back = 0
  let saving = false
  /** The frame taken off to send and not confirmed yet. */
  let sending: Frame | undefined

  // An empty queue is never full, so the dropping loop in push() always ends.
  const full = (size: number): boolean =>
    frames.length > 0 &&
    (frames.length >= (options as Required<QueueOptions>).limit ||
      bytes + size > (options as Required<QueueOptions>).maxBytes)

  const dropped = (frame: unknown): void => report('dropped', 'the queue is full or off', frame)

  /** Writes the text frames to storage on the next tick (one write for a burst). */
  const save = (): void => {
    if (!key || saving || !wx.setStorageSync) return
    saving = true
    setTimeout(() => {
      saving = false
      const kept = sending === undefined ? frames : [sending].concat(frames)
      const text = kept.filter((frame) => typeof frame === 'string')
      try {
        // Empty: '' is what wx reads for a key never written.
        wx.setStorageSync!(key, text.length ? text : '')
      } catch (error) {
        // Storage full: the frames are still in memory, only a restart would lose them.
        report('storage', messageOf(error), text, error)
      }
    }, 0)
  }

  const queue: OutQueue = {
    frames,
    push(frame) {
      const size = frameBytes(frame)
      if (
        !options ||
        !options.limit ||
        size > options.maxBytes ||
        (options.drop === 'newest' && full(size))
      ) {
        dropped(frame)
        return false
      }
      while (full(size)) dropped(queue.shift())
      frames.push(frame)
      bytes += size
      save()
      return true
    },
    putBack(frame) {
      if (frame === sending) sending = undefined
      frames.splice(back++, 0, frame)
      bytes += frameBytes(frame)
      save()
    },
    shift() {
      const frame = frames.shift()
      if (frame !== undefined) {
        bytes -= frameBytes(frame)
        if (back > 0) back--
        save()
      }
      return frame
    },
    take() {
      sending = queue.shift()
      return sending
    },
    sent() {
      sending = undefined
      save()
    },
  }

  if (key) {
    let stored: unknown
    try {
      stored = wx.getStorageSync!(key)
    } catch {
      // Nothing stored that can be read (or no storage): an empty queue.
    }
    if (Array.isArray(stored)) for (const frame of stored) queue.push(frame)
  }
  return queue
}
