import { describe, expect, it } from 'vitest'
import { createEmitter } from '../../src'

describe('createEmitter()', () => {
  it('should call the handlers of a type in the order they were added, with the payload', () => {
    const events = createEmitter<{ chat: string; close: number }>()
    const seen: string[] = []
    events.on('chat', (text) => seen.push(`first ${text}`))
    events.on('chat', (text) => seen.push(`second ${text}`))
    events.on('close', (code) => seen.push(`close ${code}`))
    events.emit('chat', 'hi')
    expect(seen).toEqual(['first hi', 'second hi'])
  })

  it('should stop calling a handler once it is removed with off()', () => {
    const events = createEmitter<{ chat: string }>()
    const seen: string[] = []
    const handler = (text: string) => seen.push(text)
    events.on('chat', handler)
    events.emit('chat', 'before')
    events.off('chat', handler)
    events.emit('chat', 'after')
    expect(seen).toEqual(['before'])
    expect(events.all.get('chat')).toEqual([])
  })

  it('should give each emitter its own handlers', () => {
    const a = createEmitter<{ chat: string }>()
    const b = createEmitter<{ chat: string }>()
    const seen: string[] = []
    a.on('chat', (text) => seen.push(text))
    b.emit('chat', 'not for a')
    expect(seen).toEqual([])
  })
})
