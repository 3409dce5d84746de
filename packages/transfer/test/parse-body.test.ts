/**
 * How a transfer reads an answer's body: `uploadFile` hands it over as text, and it is parsed
 * the way `wx.request` parses its own with the default `dataType: 'json'`.
 */
import { describe, expect, it } from 'vitest'
import { parseBody } from '../src/http'

describe('parseBody()', () => {
  it('should parse any JSON text as wx.request does, and keep text that is not JSON as it is', () => {
    expect(parseBody('{"code":0,"data":{"url":"/f/1"}}')).toEqual({
      code: 0,
      data: { url: '/f/1' },
    })
    expect(parseBody(' [1, 2]\n')).toEqual([1, 2])
    expect(parseBody('42')).toBe(42)
    expect(parseBody('ok')).toBe('ok')
    expect(parseBody('{"broken":')).toBe('{"broken":')
    expect(parseBody('')).toBe('')
  })

  it('should hand back a body that is not text untouched', () => {
    const buffer = new ArrayBuffer(2)
    const object = { already: 'parsed' }
    expect(parseBody(buffer)).toBe(buffer)
    expect(parseBody(object)).toBe(object)
    expect(parseBody(undefined)).toBeUndefined()
  })
})
