import { describe, expect, it } from 'vitest'
import { appendQuery, isAbsoluteURL, joinURL, serializeParams } from '../src'

describe('joinURL', () => {
  it('should put exactly one slash between baseURL and path', () => {
    expect(joinURL('https://a.com/v1', 'users')).toBe('https://a.com/v1/users')
    expect(joinURL('https://a.com/v1/', '/users')).toBe('https://a.com/v1/users')
    expect(joinURL('https://a.com/v1/', 'users')).toBe('https://a.com/v1/users')
    expect(joinURL('https://a.com/v1', '/users')).toBe('https://a.com/v1/users')
  })

  it('should let absolute URLs bypass baseURL', () => {
    expect(joinURL('https://a.com', 'https://b.com/x')).toBe('https://b.com/x')
    expect(joinURL('https://a.com', 'wss://b.com/ws')).toBe('wss://b.com/ws')
    expect(isAbsoluteURL('//b.com/x')).toBe(false)
  })

  it('should keep the url when there is no baseURL, and a query-only url attached', () => {
    expect(joinURL('', '/x')).toBe('/x')
    expect(joinURL('https://a.com/x', '?q=1')).toBe('https://a.com/x?q=1')
  })
})

describe('serializeParams', () => {
  it('should repeat keys for arrays, bracket nested objects and skip null and undefined', () => {
    expect(
      serializeParams({
        page: 1,
        tags: ['a', 'b'],
        filter: { q: 'x y', n: null },
        skip: undefined,
        z: null,
      }),
    ).toBe('page=1&tags=a&tags=b&filter[q]=x%20y')
  })

  it('should write Dates as ISO strings and encode reserved characters', () => {
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5))
    expect(serializeParams({ at, s: 'a&b=c/中' })).toBe(
      `at=${encodeURIComponent(at.toISOString())}&s=a%26b%3Dc%2F%E4%B8%AD`,
    )
  })

  it('should be stable: the same params give the same string', () => {
    const params = { b: 2, a: [1, { c: true }] }
    expect(serializeParams(params)).toBe(serializeParams({ b: 2, a: [1, { c: true }] }))
    expect(serializeParams(params)).toBe('b=2&a=1&a[c]=true')
  })

  it('should name the key of circular params', () => {
    const loop: Record<string, unknown> = { x: 1 }
    loop.self = loop
    expect(() => serializeParams({ loop })).toThrow('params.loop[self] is circular')
  })
})

describe('appendQuery', () => {
  it('should join with ? or & and keep the hash last', () => {
    expect(appendQuery('/a', 'x=1')).toBe('/a?x=1')
    expect(appendQuery('/a?y=2', 'x=1')).toBe('/a?y=2&x=1')
    expect(appendQuery('/a?', 'x=1')).toBe('/a?x=1')
    expect(appendQuery('/a#top', 'x=1')).toBe('/a?x=1#top')
    expect(appendQuery('/a', '')).toBe('/a')
  })
})
