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
  /** Starts beating for a connection that just opened. */
  start(): void
  stop(): void
  /** The app went to the background: no deadline runs while hidden. */
  pause(): void
  /** The app is back: checks the connection now. */
  resume(): void
}

/**
 * Makes a heartbeat that calls `ping` after silence and `dead` when the ping met silence.
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

  const tick = (): void => {
    if (!app.visible || deadline !== undefined) return
    if (beat.alive) {
      beat.alive = false
      return
    }
    ping()
    deadline = setTimeout(() => {
      deadline = undefined
      if (!beat.alive) dead()
    }, options.timeout)
  }

  const beat: Heartbeat = {
    alive: true,
    start() {
      beat.stop()
      beat.alive = true
      timer = setInterval(tick, options.interval)
    },
    stop() {
      clearInterval(timer)
      timer = undefined
      beat.pause()
    },
    pause() {
      clearTimeout(deadline)
      deadline = undefined
    },
    resume() {
      if (timer === undefined) return
      beat.alive = false
      tick()
    },
  }
  return beat
}
