/**
 * In-flight dedupe: identical requests share one network run and its result. The run gets a
 * signal of its own instead of its first caller's, so no single caller can abort it: a caller
 * that aborts (the first one included) leaves at once with its `AbortError` through core's
 * `abortable()`, and the run goes on for the others. Only when every caller has left is the
 * run aborted, freeing its network task.
 */
import {
  AbortError,
  type AbortSignalLike,
  abortable,
  type Context,
  MiniAbortSignal,
  type MiniwireResponse,
} from '@miniwire/core'

/** One shared network run. */
export interface Flight {
  promise: Promise<MiniwireResponse>
  /** The run's own signal: fires when the last caller has left. */
  readonly signal: MiniAbortSignal
  /** Callers still waiting. */
  waiters: number
  done: boolean
}

/**
 * Starts the shared run of `key` in `flights`: `ctx` runs it under the flight's signal (its
 * own signal, which the caller reads before, is back when the run ends).
 */
export function startFlight(
  flights: Map<string, Flight>,
  key: string,
  ctx: Context,
  run: () => Promise<MiniwireResponse>,
): Flight {
  const own = ctx.signal
  const flight = { signal: new MiniAbortSignal(), waiters: 0, done: false } as Flight
  const finish = (): void => {
    flight.done = true
    ;(ctx as { signal: AbortSignalLike }).signal = own
    flights.delete(key)
  }
  ;(ctx as { signal: AbortSignalLike }).signal = flight.signal
  flights.set(key, flight)
  flight.promise = run().then(
    (response) => {
      finish()
      return response
    },
    (error: unknown) => {
      finish()
      throw error
    },
  )
  return flight
}

/**
 * Waits for a flight as one caller listening to `signal`; the caller leaves on abort, and the
 * flight is aborted when nobody is left.
 */
export function joinFlight(
  flight: Flight,
  ctx: Context,
  signal: AbortSignalLike,
): Promise<MiniwireResponse> {
  flight.waiters++
  const req = ctx.request
  const abortError = (): AbortError =>
    new AbortError({ request: { method: req.method, url: req.url }, reason: signal.reason })
  return abortable(flight.promise, { signal, abortError }).then(undefined, (error: unknown) => {
    // This caller left a run still going: the last one out stops it.
    if (!flight.done && --flight.waiters === 0) flight.signal.fire(signal.reason)
    throw error
  })
}
