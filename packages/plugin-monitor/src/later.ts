/**
 * A one-shot timer, shared by persistence and reporting: the first change arms it, its task
 * runs once within `ms` however many changes follow, and a task run on demand disarms it first.
 * One timer whatever the traffic, none while nothing changed.
 */

/** The timer of one task. */
export interface Later {
  /** Schedules the task in `ms`, unless it is already scheduled. */
  arm(): void
  /** Cancels the scheduled run. */
  disarm(): void
}

/**
 * @example
 * const saving = later(save, 5000)
 * saving.arm() // on every change: one save within 5 s
 */
export function later(task: () => void, ms: number): Later {
  let timer: ReturnType<typeof setTimeout> | undefined
  return {
    arm() {
      if (timer === undefined) timer = setTimeout(task, ms)
    },
    disarm() {
      clearTimeout(timer)
      timer = undefined
    },
  }
}
