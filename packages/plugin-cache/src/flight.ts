/**
 * In-flight dedupe: identical requests share one network run and its result (the run is
 * registered by `fetchInto()` until it settles). A caller that joins a run waits through
 * core's `abortable()`, so its own abort lets it leave at once without touching the run. The
 * run belongs to the caller that started it: if that caller aborts, the run ends with its
 * `AbortError`, and each joined caller still waiting takes over (the first starts a new run,
 * the others join it), so no caller fails because of another's abort.
 *
 * The flights are a plain list: there are few at a time (the requests running or queued), so
 * finding one compares a few keys, and a miss adds and removes one item without hashing.
 */
import { abortable, type Context, isAbortError } from '@miniwire/core'
import type { Job } from './fetch'

/** Waits for a flight as `ctx`; `takeOver` runs when the flight's owner aborted it. */
export function join(flight: Job, ctx: Context, takeOver: () => Promise<void>): Promise<void> {
  return abortable(flight.run!, ctx).then(
    () => {
      // A response object of its own; the data is shared like a hit's.
      ctx.response = Object.assign({}, flight.ctx.response)
    },
    (error: unknown) => {
      if (isAbortError(error) && !ctx.signal.aborted) return takeOver()
      throw error
    },
  )
}

/** The flight of `key`, if one is running (there is at most one: a request with dedupe joins it). */
export function flightOf(flights: Job[], key: string): Job | undefined {
  // A loop, not `find()`: no callback closure made on every miss.
  for (const flight of flights) if (flight.key === key) return flight
  return undefined
}

/** Ends `job`'s flight, if it was one: the last flight takes its place (order does not matter). */
export function land(flights: Job[], job: Job): void {
  const at = flights.indexOf(job)
  if (at < 0) return
  flights[at] = flights[flights.length - 1]!
  flights.pop()
}
