/**
 * Fixtures for the loading tests: a fake clock that leaves the network real (only timers and
 * `Date` are faked, so the demo server's `/fault/slow` answers when the test moves the clock),
 * and the UI timeline of a wx-node runtime read as short strings.
 */
import type { DemoServer } from '@miniwire/demo-server'
import type { WxNode } from '@miniwire/wx-node'
import { afterEach, beforeEach, vi } from 'vitest'

/** Fake `setTimeout` and `Date` for every test of the calling file; sockets stay real. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}

/** One turn of the real event loop (`setImmediate` is not faked). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Waits, without moving the fake clock, until the server holds `count` requests, so that a
 * `/fault/slow?ms=…` timer starts at the fake time the test expects.
 */
export async function arrived(server: DemoServer, count: number): Promise<void> {
  while (server.counters.concurrent < count) await turn()
  // The route runs a few promise turns after the request is counted.
  for (let i = 0; i < 5; i++) await turn()
}

/** Moves the fake clock, letting the network and promises run in between. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
}

/** The value or the error, so a test can await a promise that may reject. */
export const settle = <T>(p: Promise<T>): Promise<T | unknown> => p.catch((error: unknown) => error)

/**
 * The UI calls of a runtime as `name title` strings (`showLoading 加载中`, `hideLoading`).
 * @example expect(ui(env.wx)).toEqual(['showLoading 加载中', 'hideLoading'])
 */
export function ui(wx: WxNode): string[] {
  return wx.$log
    .filter((entry) => entry.type === 'ui')
    .map((entry) => {
      const title = (entry.args as { title?: string } | undefined)?.title
      return title === undefined ? entry.name : `${entry.name} ${title}`
    })
}
