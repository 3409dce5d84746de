import { describe, expect, it } from 'vitest'
import { defineError, isMiniwireError, MiniwireError } from '../../src'

declare module '../../src' {
  interface ErrorCodes {
    ERR_KIT_DEMO: true
  }
}

const ChunkError = defineError<{ chunk: number }>(
  'KitDemoChunkError',
  'ERR_KIT_DEMO',
  (options) => `failed at chunk ${options.chunk}`,
)

describe('defineError()', () => {
  it('should give a class its code, message, fields and cause from one options object', () => {
    const cause = { errMsg: 'request:fail' }
    const error = new ChunkError({ chunk: 3, request: { method: 'POST', url: '/up' }, cause })
    expect(error).toBeInstanceOf(MiniwireError)
    expect(error.code).toBe('ERR_KIT_DEMO')
    expect(error.name).toBe('KitDemoChunkError')
    expect(error.message).toBe('POST /up failed at chunk 3')
    expect(error.chunk).toBe(3)
    expect(error.cause).toBe(cause)
    expect(new ChunkError({ message: 'custom' }).message).toBe('custom')
  })

  it('should recognise an error of another copy of the package by its brand', () => {
    const foreign = Object.assign(new Error('x'), {
      code: 'ERR_KIT_DEMO',
      [Symbol.for('miniwire.error')]: 'KitDemoChunkError',
    })
    expect(foreign instanceof ChunkError).toBe(false)
    expect(ChunkError.is(foreign)).toBe(true)
    expect(isMiniwireError(foreign)).toBe(true)
    expect(ChunkError.is(new MiniwireError({ code: 'ERR_KIT_DEMO', message: 'x' }))).toBe(false)
  })
})
