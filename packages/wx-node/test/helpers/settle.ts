/**
 * Promisifies a wx task API call for tests while keeping the task: resolves with
 * `{ ok: true, res }` from `success` or `{ ok: false, err }` from `fail`, and records whether
 * `complete` ran after it.
 */
export interface Settled<R> {
  ok: boolean
  res: R
  err: { errMsg: string; errno?: number }
  completeAfter: boolean
}

export function settle<T, R = any>(
  start: (callbacks: { success(r: R): void; fail(e: any): void; complete(r: unknown): void }) => T,
): { task: T; done: Promise<Settled<R>> } {
  let resolveDone!: (v: Settled<R>) => void
  const done = new Promise<Settled<R>>((resolve) => {
    resolveDone = resolve
  })
  const out = { ok: false, completeAfter: false } as Settled<R>
  let settled = false
  const task = start({
    success(r) {
      settled = true
      out.ok = true
      out.res = r
    },
    fail(e) {
      settled = true
      out.err = e
    },
    complete() {
      out.completeAfter = settled
      resolveDone(out)
    },
  })
  return { task, done }
}
