import { describe, expect, it } from 'vitest'
import { createAbortController, followAbort } from '../../src'

/** A standard-shaped signal whose listeners a test can count. */
function countingSignal() {
  const listeners = new Set<() => void>()
  const signal = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener: (_type: 'abort', listener: () => void) => void listeners.add(listener),
    removeEventListener: (_type: 'abort', listener: () => void) => void listeners.delete(listener),
  }
  const abort = (reason: unknown): void => {
    signal.aborted = true
    signal.reason = reason
    for (const listener of listeners) listener()
  }
  return { signal, abort, listeners }
}

describe('followAbort()', () => {
  it('should call back with the reason when the signal aborts', () => {
    const controller = createAbortController()
    const reasons: unknown[] = []
    followAbort(controller.signal, (reason) => reasons.push(reason))
    expect(reasons).toEqual([])
    controller.abort('page left')
    expect(reasons).toEqual(['page left'])
  })

  it('should call back at once, without listening, when the signal has already aborted', () => {
    const { signal, abort, listeners } = countingSignal()
    abort('gone')
    const reasons: unknown[] = []
    followAbort(signal, (reason) => reasons.push(reason))
    expect(reasons).toEqual(['gone'])
    expect(listeners.size).toBe(0)
  })

  it('should stop listening when unsubscribed, so a later abort does not call back', () => {
    const { signal, abort, listeners } = countingSignal()
    const reasons: unknown[] = []
    const unfollow = followAbort(signal, (reason) => reasons.push(reason))
    expect(listeners.size).toBe(1)
    unfollow()
    expect(listeners.size).toBe(0)
    abort('late')
    expect(reasons).toEqual([])
  })

  it('should never call back for an undefined signal, and its unsubscribe is harmless', () => {
    const reasons: unknown[] = []
    const unfollow = followAbort(undefined, (reason) => reasons.push(reason))
    expect(() => unfollow()).not.toThrow()
    expect(reasons).toEqual([])
  })
})
