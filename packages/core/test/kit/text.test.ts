import { describe, expect, it } from 'vitest'
import { utf8Length } from '../../src'

describe('utf8Length()', () => {
  it('should count UTF-8 bytes: 1 for ASCII, 2 up to U+07FF, 3 beyond, 4 for a surrogate pair', () => {
    expect(utf8Length('')).toBe(0)
    expect(utf8Length('hello')).toBe(5)
    expect(utf8Length('héllo')).toBe(6)
    expect(utf8Length('你好')).toBe(6)
    expect(utf8Length('😀')).toBe(4)
    expect(utf8Length('%41')).toBe(3)
  })

  it('should count a string with a lone surrogate at 3 bytes a character instead of throwing', () => {
    expect(utf8Length('a\ud800b')).toBe(9)
  })
})
