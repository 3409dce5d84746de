/**
 * Options are checked with core's option tables (a refusal names the option, the value and
 * what was expected), and the backoff stays between its bounds with full jitter.
 */
import { createWx } from '@miniwire/wx-node'
import { describe, expect, it } from 'vitest'
import { createSocket } from '../src'
import { backoffDelay } from '../src/backoff'

const reconnect = {
  minDelay: 1000,
  maxDelay: 30000,
  factor: 2,
  attempts: Infinity,
  stableAfter: 5000,
}

describe('options', () => {
  it.each([
    [{}, 'createSocket(): url must be a non-empty string or a function, got undefined'],
    [
      { url: 'ws://x', heartbeat: { interval: -1 } },
      'heartbeat.interval must be a finite number > 0, got -1',
    ],
    [
      { url: 'ws://x', reconnect: { maxDelay: '5s' } },
      'reconnect.maxDelay must be a finite number ≥ 0, got "5s"',
    ],
    [
      { url: 'ws://x', queue: { drop: 'middle' } },
      'queue.drop must be one of "oldest", "newest", got "middle"',
    ],
    [{ url: 'ws://x', retries: 3 }, 'unknown option socket.retries'],
  ])('should refuse %j with ERR_INVALID_OPTION naming the option', (given, text) => {
    const wx = createWx()
    expect(() => createSocket({ wx, ...given } as never)).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_OPTION',
        message: expect.stringContaining(text),
      }),
    )
    void wx.$dispose()
  })

  it('should refuse a runtime object without connectSocket', () => {
    const client = { use() {}, defaults: {}, wx: { request() {} } }
    expect(() => createSocket({ client: client as never, url: 'ws://x' })).toThrow(
      /the runtime object has no connectSocket/,
    )
  })

  it('should need a runtime object when there is no global wx', () => {
    expect(() => createSocket({ url: 'ws://x' })).toThrow(
      /no global wx, pass createSocket\(\{ wx \}\)/,
    )
  })
})

describe('backoffDelay()', () => {
  it('should grow exponentially with full jitter between minDelay and maxDelay', () => {
    expect(backoffDelay(1, reconnect, () => 0)).toBe(1000)
    expect(backoffDelay(1, reconnect, () => 1)).toBe(2000)
    expect(backoffDelay(3, reconnect, () => 0.5)).toBe(1000 + 0.5 * 7000)
    expect(backoffDelay(10, reconnect, () => 1)).toBe(30000)
    expect(backoffDelay(60, reconnect, () => 0)).toBe(1000)
  })
})
