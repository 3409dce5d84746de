import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createMd5 } from '../src'

const node = (data: Uint8Array) => createHash('md5').update(data).digest('hex')

describe('createMd5()', () => {
  it('should match the RFC 1321 test suite', () => {
    expect(createMd5().hex()).toBe('d41d8cd98f00b204e9800998ecf8427e')
    const abc = new Uint8Array([0x61, 0x62, 0x63])
    expect(createMd5().update(abc).hex()).toBe('900150983cd24fb0d6963f7d28e17f72')
  })

  it('should match node crypto at every padding boundary, fed in uneven pieces', () => {
    for (const size of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65_537]) {
      const data = randomBytes(size)
      const md5 = createMd5()
      for (let at = 0, step = 1; at < size; at += step, step = step * 3 + 1) {
        md5.update(data.subarray(at, Math.min(size, at + step)))
      }
      expect(md5.hex(), `size ${size}`).toBe(node(data))
    }
  })

  it('should take an ArrayBuffer as readFile gives it', () => {
    const data = randomBytes(5000)
    const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.length)
    expect(createMd5().update(buffer).hex()).toBe(node(data))
  })
})
