/**
 * The heartbeat: after a quiet interval it sends a ping, and if no frame at all arrives within
 * the timeout the connection is declared dead (reconnecting-websocket#98: a half-open TCP
 * connection never reports a close by itself). Any frame proves the connection alive, so the
 * hot path only sets a flag. Paused while the app is hidden; on show it pings at once.
 */
import type { HeartbeatOptions } from './options'

export class Heartbeat {
  /** Set on every frame received. */
  alive = true
  private timer: ReturnType<typeof setInterval> | undefined
  private deadline: ReturnType<typeof setTimeout> | undefined
  private paused = false

  constructor(
    private readonly options: Required<HeartbeatOptions>,
    private readonly ping: () => void,
    private readonly dead: () => void,
  ) {}

  /** Starts beating for a connection that just opened. */
  start(): void {
    this.stop()
    this.alive = true
    this.timer = setInterval(() => this.tick(), this.options.interval)
  }

  stop(): void {
    clearInterval(this.timer)
    clearTimeout(this.deadline)
    this.timer = this.deadline = undefined
  }

  /** The app went to the background: no pings, no deadline. */
  pause(): void {
    this.paused = true
    clearTimeout(this.deadline)
    this.deadline = undefined
  }

  /** The app is back: check the connection now. */
  resume(): void {
    this.paused = false
    if (this.timer === undefined) return
    this.alive = false
    this.tick()
  }

  private tick(): void {
    if (this.paused || this.deadline !== undefined) return
    if (this.alive) {
      this.alive = false
      return
    }
    this.ping()
    this.deadline = setTimeout(() => {
      this.deadline = undefined
      if (!this.alive) this.dead()
    }, this.options.timeout)
  }
}
