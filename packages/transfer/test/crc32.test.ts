/**
 * The CRC-32 chunk-and-merge sends with each part: the same as zlib's for every length, the
 * bytes after the last whole 32-bit word included.
 */
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32Hex } from '../src/crc32'
import { bytes } from './helpers'

describe('crc32Hex()', () => {
  it('should give zlib CRC-32 as 8 hex digits for every length, tail bytes included', () => {
    for (const size of [0, 1, 2, 3, 4, 5, 7, 8, 255, 1024, 4099, 65_537]) {
      const data = bytes(size, size + 1)
      const buffer = new Uint8Array(data).buffer
      expect(crc32Hex(buffer)).toBe(crc32(data).toString(16).padStart(8, '0'))
    }
  })

  it('should keep leading zeros: the check value of "123456789" is cbf43926', () => {
    expect(crc32Hex(new Uint8Array([49, 50, 51, 52, 53, 54, 55, 56, 57]).buffer)).toBe('cbf43926')
    // 13 zero bytes: a CRC whose hex form starts with a zero.
    expect(crc32Hex(new ArrayBuffer(13))).toBe('0f744682')
  })
})
