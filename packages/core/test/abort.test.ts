import { describe, expect, it, vi } from 'vitest'
import { createAbortController, MiniAbortController } from '../src'

describe('abort controller', () => {
  it('should fire listeners once with a reason', () => {
    const controller = new MiniAbortController()
    const listener = vi.fn()
    controller.signal.addEventListener('abort', listener)
    controller.signal.addEventListener('abort', listener)
    controller.abort('bye')
    controller.abort('again')
    expect(listener).toHaveBeenCalledTimes(1)
    expect(controller.signal.aborted).toBe(true)
    expect(controller.signal.reason).toBe('bye')
    expect(() => controller.signal.throwIfAborted()).toThrow()
  })

  it('should give a default reason and honour removeEventListener', () => {
    const controller = new MiniAbortController()
    const listener = vi.fn()
    controller.signal.addEventListener('abort', listener)
    controller.signal.removeEventListener('abort', listener)
    controller.abort()
    expect(listener).not.toHaveBeenCalled()
    expect(controller.signal.reason).toBeInstanceOf(Error)
  })

  it('should call several listeners in the order they were added, also after the first was removed', () => {
    const controller = new MiniAbortController()
    const calls: string[] = []
    const listener = (name: string) => () => calls.push(name)
    const [a, b, c, d] = [listener('a'), listener('b'), listener('c'), listener('d')]
    for (const each of [a, b, c]) controller.signal.addEventListener('abort', each)
    controller.signal.removeEventListener('abort', a)
    controller.signal.addEventListener('abort', d)
    controller.signal.removeEventListener('abort', c)
    controller.signal.addEventListener('abort', b)
    controller.abort()
    expect(calls).toEqual(['b', 'd'])
  })

  it("should fall back to core's controller when the global is missing", () => {
    const saved = globalThis.AbortController
    try {
      // @ts-expect-error the mini-program logic layer has no AbortController
      delete globalThis.AbortController
      expect(createAbortController()).toBeInstanceOf(MiniAbortController)
    } finally {
      globalThis.AbortController = saved
    }
    expect(createAbortController()).toBeInstanceOf(AbortController)
  })
})
