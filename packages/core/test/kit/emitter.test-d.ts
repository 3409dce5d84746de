import { describe, expectTypeOf, it } from 'vitest'
import { createEmitter, type Emitter } from '../../src'

describe('createEmitter() types', () => {
  it('should type payloads by event and refuse an unknown event', () => {
    const events = createEmitter<{ chat: string; close: number }>()
    expectTypeOf(events).toEqualTypeOf<Emitter<{ chat: string; close: number }>>()
    events.on('chat', (text) => expectTypeOf(text).toEqualTypeOf<string>())
    events.on('close', (code) => expectTypeOf(code).toEqualTypeOf<number>())
    // @ts-expect-error not an event of this emitter
    events.on('typo', () => {})
  })
})
