/**
 * Scripted runtimes for the schedule tests: a fake `wx.request` that answers from a list, plus
 * a network status the test can switch (`getNetworkType` / `onNetworkStatusChange`), and the
 * small fixtures every schedule test file shares (fake clock, settled promises, stop reason).
 */
import type { Client } from '@miniwire/core'
import { createFakeWx, type FakeAnswer } from '@miniwire/test-utils'
import { afterEach, beforeEach, vi } from 'vitest'

/** Fake timers for every test of the calling file. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}

/** The value or the error, so a test can await a promise that may reject. */
export const settle = <T>(p: Promise<T>): Promise<T | unknown> => p.catch((error: unknown) => error)

/**
 * Records why the retry layer stopped (`ctx.state.retry.stop`), read by a probe just outside it.
 * @example const watched = watchStop(client); …; expect(watched.stop).toBe('deadline')
 */
export function watchStop(client: Client): { readonly stop: string | undefined } {
  const watched: { stop: string | undefined } = { stop: undefined }
  client.use(
    async function probe(ctx, next) {
      await next().finally(() => {
        watched.stop = ctx.state.retry?.stop
      })
    },
    { stage: 'cache' },
  )
  return watched
}

export const ok = (data: unknown = { ok: true }): FakeAnswer => ({ statusCode: 200, data })
export const status = (code: number, header: Record<string, string> = {}): FakeAnswer => ({
  statusCode: code,
  data: { code },
  header,
})
export const networkDown: FakeAnswer = {
  fail: { errMsg: 'request:fail net::ERR_CONNECTION_REFUSED', errno: 600000 },
}
export const timedOut: FakeAnswer = { fail: { errMsg: 'request:fail timeout', errno: 5 } }

/**
 * A scripted wx whose answers are picked by call number. `sent` keeps a copy of each call's
 * headers as they were when sent (core hands wx the same header object on every attempt).
 */
export function scriptedWx(...answers: FakeAnswer[]) {
  let n = 0
  const sent: Array<Record<string, string>> = []
  const fake = createFakeWx((options) => {
    sent.push({ ...(options.header as Record<string, string>) })
    return answers[Math.min(n++, answers.length - 1)]!
  })
  return Object.assign(fake, { sent })
}

/** Adds a switchable network status to a fake wx; `network` counts what the plugin asked. */
export function withNetwork<T extends object>(wx: T, online = true) {
  type Listener = (res: { isConnected: boolean; networkType: string }) => void
  const network = { online, typeQueries: 0, listeners: [] as Listener[] }
  return Object.assign(wx, {
    network,
    getNetworkType(options: { success?: (res: { networkType: string }) => void }) {
      network.typeQueries++
      options.success?.({ networkType: network.online ? 'wifi' : 'none' })
    },
    onNetworkStatusChange(listener: Listener) {
      network.listeners.push(listener)
    },
    setOnline(next: boolean) {
      network.online = next
      for (const listener of network.listeners) {
        listener({ isConnected: next, networkType: next ? 'wifi' : 'none' })
      }
    },
  })
}
