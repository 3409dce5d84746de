import { describe, expect, it } from 'vitest'
import { checks, createAbortController, defineOptions, MiniAbortController } from '../../src'

describe('checks.signal', () => {
  it("should accept core's signal and the standard AbortSignal", () => {
    expect(checks.signal.test(new MiniAbortController().signal)).toBe(true)
    expect(checks.signal.test(createAbortController().signal)).toBe(true)
    expect(checks.signal.test(new AbortController().signal)).toBe(true)
  })

  it('should refuse what cannot be listened to, naming an AbortSignal as expected', () => {
    expect(checks.signal.test(undefined)).toBe(false)
    expect(checks.signal.test({ aborted: false })).toBe(false)
    expect(checks.signal.test({ addEventListener() {} })).toBe(false)
    const options = defineOptions<{ signal?: unknown }, { signal: unknown }>({
      key: 'batch',
      schema: { signal: checks.signal },
      defaults: { signal: undefined },
    })
    expect(() => options.resolve({ signal: { aborted: true } })).toThrow(
      'batch(): batch.signal must be an AbortSignal, got {"aborted":true}',
    )
  })
})
