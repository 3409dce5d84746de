/**
 * The heartbeat: after a quiet interval it sends a ping, and if no frame at all arrives within
 * the timeout the connection is declared dead (reconnecting-websocket#98: a half-open TCP
 * connection never reports a close by itself). Any frame proves the connection alive, so the
 * hot path only sets a flag. Silent while the app is hidden (core's app state); on show it
 * pings at once.
 */
import type { AppState } from '@miniwire/core'
import type { HeartbeatOptions } from './options'

/** The heartbeat of one connection. */
export interface Heartbeat {
  /** Set on every frame received. */
  alive: boolean
  /** Starts beating for a connection that just opened (stopped when the last one closed). */
  start(): void
  stop(): void
}

/**
 * Makes a heartbeat that calls `ping` after silence and `dead` when the ping met silence.
 * While the app is hidden no ping goes out and no deadline ends the connection; on show a
 * ping goes out at once.
 * @example const beat = createHeartbeat(options.heartbeat, getAppState(wx), sendPing, reconnect)
 */
export function createHeartbeat(
  options: Required<HeartbeatOptions>,
  app: AppState,
  ping: () => void,
  dead: () => void,
): Heartbeat {
  let timer: ReturnType<typeof setInterval> | undefined
  let deadline: ReturnType<typeof setTimeout> | undefined
  let offShow: (() => void) | undefined

  const tick = (): void => {
    if (!app.visible || deadline !== undefined) return
    if (beat.alive) {
      beat.alive = false
      return
    }
    ping()
    deadline = setTimeout(() => {
      deadline = undefined
      if (!beat.alive && app.visible) dead()
    }, options.timeout)
  }

  const beat: Heartbeat = {
    alive: true,
    start() {
      beat.alive = true
      timer = setInterval(tick, options.interval)
      offShow = app.on('show', () => {
        beat.alive = false
        tick()
      })
    },
    stop() {
      clearInterval(timer)
      clearTimeout(deadline)
      deadline = undefined
      if (offShow) offShow()
    },
  }
  return beat
}
