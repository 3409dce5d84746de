/**
 * Scripted runtimes for the schedule tests: a fake `wx.request` that answers from a list, plus
 * a network status the test can switch (`getNetworkType` / `onNetworkStatusChange`).
 */
import { createFakeWx, type FakeAnswer } from '@miniwire/test-utils'

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

/** A scripted wx whose answers are picked by call number. */
export function scriptedWx(...answers: FakeAnswer[]) {
  let n = 0
  return createFakeWx(() => answers[Math.min(n++, answers.length - 1)]!)
}

/** Adds a switchable network status to a fake wx. */
export function withNetwork<T extends object>(wx: T, online = true) {
  const listeners: Array<(res: { isConnected: boolean; networkType: string }) => void> = []
  let state = online
  let typeQueries = 0
  return Object.assign(wx, {
    getNetworkType(options: { success?: (res: { networkType: string }) => void }) {
      typeQueries++
      options.success?.({ networkType: state ? 'wifi' : 'none' })
    },
    onNetworkStatusChange(listener: (res: { isConnected: boolean; networkType: string }) => void) {
      listeners.push(listener)
    },
    setOnline(next: boolean) {
      state = next
      for (const listener of listeners) {
        listener({ isConnected: next, networkType: next ? 'wifi' : 'none' })
      }
    },
    get typeQueries() {
      return typeQueries
    },
    get networkListeners() {
      return listeners.length
    },
  })
}
