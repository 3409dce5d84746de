/**
 * Fixtures for the errors tests: the toasts of a wx-node runtime read from its UI timeline, and
 * a fake clock that leaves the network real (only timers and `Date` are faked, so the demo
 * server's `/fault/slow` answers when the test moves the clock).
 */
import type { DemoServer } from '@miniwire/demo-server'
import type { WxNode } from '@miniwire/wx-node'
import { afterEach, beforeEach, vi } from 'vitest'

/** The value or the error, so a test can await a promise that may reject. */
export const settle = <T>(p: Promise<T>): Promise<T | unknown> => p.catch((error: unknown) => error)

/** The UI calls of a runtime as `name title` strings (`showToast 请求超时`, `hideLoading`). */
export function ui(wx: WxNode): string[] {
  return wx.$log
    .filter((entry) => entry.type === 'ui')
    .map((entry) => {
      const title = (entry.args as { title?: string } | undefined)?.title
      return title === undefined ? entry.name : `${entry.name} ${title}`
    })
}

/** The toasts a runtime was asked to show, with their icons. */
export function toasts(wx: WxNode): Array<{ title: string; icon: string | undefined }> {
  return wx.$log
    .filter((entry) => entry.type === 'ui' && entry.name === 'showToast')
    .map((entry) => {
      const { title, icon } = entry.args as { title: string; icon?: string }
      return { title, icon }
    })
}

/** Fake `setTimeout` and `Date` for every test of the calling file; sockets stay real. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}

/** Moves the fake clock, letting the network and promises run in between. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
}

/** One turn of the real event loop (`setImmediate` is not faked). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Waits, without moving the fake clock, until the server holds `count` requests. */
export async function arrived(server: DemoServer, count: number): Promise<void> {
  while (server.counters.concurrent < count) await turn()
  // The route runs a few promise turns after the request is counted.
  for (let i = 0; i < 5; i++) await turn()
}
