/**
 * In-flight dedupe: identical requests share one network run and its result. A caller that
 * joins a run waits through core's `abortable()`, so its own abort lets it leave at once
 * without touching the run. The run belongs to the caller that started it: if that caller
 * aborts, the run ends with its `AbortError`, and each joined caller still waiting takes over
 * (the first starts a new run, the others join it), so no caller fails because of another's abort.
 */
import { abortable, type Context, isAbortError, type MiniwireResponse } from '@miniwire/core'

/** One shared network run. */
export type Flight = Promise<MiniwireResponse>

/**
 * Registers `run` as the flight of `key` until it settles; resolves as it does, after
 * handing the response to `use`.
 */
export function share(
  flights: Map<string, Flight>,
  key: string,
  run: Flight,
  use: (response: MiniwireResponse) => void,
): Promise<void> {
  flights.set(key, run)
  const done = (): void => {
    if (flights.get(key) === run) flights.delete(key)
  }
  return run.then(
    (response) => {
      done()
      use(response)
    },
    (error: unknown) => {
      done()
      throw error
    },
  )
}

/** Waits for a flight as `ctx`; `takeOver` runs when the flight's owner aborted it. */
export function join(flight: Flight, ctx: Context, takeOver: () => Promise<void>): Promise<void> {
  return abortable(flight, ctx).then(
    (response) => {
      // A response object of its own; the data is shared like a hit's.
      ctx.response = Object.assign({}, response)
    },
    (error: unknown) => {
      if (isAbortError(error) && !ctx.signal.aborted) return takeOver()
      throw error
    },
  )
}
