/**
 * MD5 for the logic layer, which has no crypto module: the chunk-and-merge protocol checks
 * every chunk (`X-Chunk-Md5`) and names the whole file by its md5 (instant upload). Incremental,
 * so a file is hashed slice by slice and never held whole. RFC 1321; words are read
 * little-endian from the bytes, with no typed-array aliasing that depends on the platform.
 */

/** The sine table: floor(abs(sin(i + 1)) × 2^32). */
const K = new Int32Array(64)
for (let i = 0; i < 64; i++) K[i] = (Math.abs(Math.sin(i + 1)) * 0x100000000) | 0

// The four round functions, each one step: `a` advanced by `f(b, c, d) + x + k`, rotated by `s`.
const rotate = (sum: number, b: number, s: number): number =>
  (((sum << s) | (sum >>> (32 - s))) + b) | 0
const ff = (a: number, b: number, c: number, d: number, x: number, s: number, k: number) =>
  rotate((a + ((b & c) | (~b & d)) + x + k) | 0, b, s)
const gg = (a: number, b: number, c: number, d: number, x: number, s: number, k: number) =>
  rotate((a + ((b & d) | (c & ~d)) + x + k) | 0, b, s)
const hh = (a: number, b: number, c: number, d: number, x: number, s: number, k: number) =>
  rotate((a + (b ^ c ^ d) + x + k) | 0, b, s)
const ii = (a: number, b: number, c: number, d: number, x: number, s: number, k: number) =>
  rotate((a + (c ^ (b | ~d)) + x + k) | 0, b, s)

/** Which message word each of rounds 2–4 reads at step `i` (round 1 reads word `i`). */
const G = (i: number): number => (5 * i + 1) & 15
const H = (i: number): number => (3 * i + 5) & 15
const I = (i: number): number => (7 * i) & 15

/** An MD5 in progress. */
export interface Md5 {
  /** Adds bytes. */
  update(bytes: Uint8Array | ArrayBuffer): Md5
  /** The digest as 32 lower-case hex digits; the hash cannot be updated afterwards. */
  hex(): string
}

/**
 * Starts an MD5.
 *
 * @example
 * createMd5().update(slice).hex() // 'e2c569be17396eca2a2e3c11578123ed'
 */
export function createMd5(): Md5 {
  const state = new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476])
  // Typed arrays keep 32-bit words unboxed (a plain array would box most of them).
  const words = new Int32Array(16)
  const tail = new Uint8Array(64)
  let tailLength = 0
  let length = 0

  /** One 64-byte block: four rounds of sixteen steps, rotating the roles of a, b, c, d. */
  function block(bytes: Uint8Array, at: number): void {
    const x = words
    for (let i = 0; i < 16; i++) {
      const j = at + i * 4
      x[i] = bytes[j]! | (bytes[j + 1]! << 8) | (bytes[j + 2]! << 16) | (bytes[j + 3]! << 24)
    }
    let a = state[0]!
    let b = state[1]!
    let c = state[2]!
    let d = state[3]!
    for (let i = 0; i < 16; i += 4) {
      a = ff(a, b, c, d, x[i]!, 7, K[i]!)
      d = ff(d, a, b, c, x[i + 1]!, 12, K[i + 1]!)
      c = ff(c, d, a, b, x[i + 2]!, 17, K[i + 2]!)
      b = ff(b, c, d, a, x[i + 3]!, 22, K[i + 3]!)
    }
    for (let i = 16; i < 32; i += 4) {
      a = gg(a, b, c, d, x[G(i)]!, 5, K[i]!)
      d = gg(d, a, b, c, x[G(i + 1)]!, 9, K[i + 1]!)
      c = gg(c, d, a, b, x[G(i + 2)]!, 14, K[i + 2]!)
      b = gg(b, c, d, a, x[G(i + 3)]!, 20, K[i + 3]!)
    }
    for (let i = 32; i < 48; i += 4) {
      a = hh(a, b, c, d, x[H(i)]!, 4, K[i]!)
      d = hh(d, a, b, c, x[H(i + 1)]!, 11, K[i + 1]!)
      c = hh(c, d, a, b, x[H(i + 2)]!, 16, K[i + 2]!)
      b = hh(b, c, d, a, x[H(i + 3)]!, 23, K[i + 3]!)
    }
    for (let i = 48; i < 64; i += 4) {
      a = ii(a, b, c, d, x[I(i)]!, 6, K[i]!)
      d = ii(d, a, b, c, x[I(i + 1)]!, 10, K[i + 1]!)
      c = ii(c, d, a, b, x[I(i + 2)]!, 15, K[i + 2]!)
      b = ii(b, c, d, a, x[I(i + 3)]!, 21, K[i + 3]!)
    }
    state[0] = (state[0]! + a) | 0
    state[1] = (state[1]! + b) | 0
    state[2] = (state[2]! + c) | 0
    state[3] = (state[3]! + d) | 0
  }

  const md5: Md5 = {
    update(input) {
      const bytes = input instanceof Uint8Array ? input : new Uint8Array(input)
      length += bytes.length
      let at = 0
      if (tailLength > 0) {
        const take = Math.min(64 - tailLength, bytes.length)
        tail.set(bytes.subarray(0, take), tailLength)
        tailLength += take
        at = take
        if (tailLength < 64) return md5
        block(tail, 0)
        tailLength = 0
      }
      for (; at + 64 <= bytes.length; at += 64) block(bytes, at)
      tail.set(bytes.subarray(at), 0)
      tailLength = bytes.length - at
      return md5
    },
    hex() {
      const bits = length * 8
      const pad = new Uint8Array((tailLength < 56 ? 56 : 120) - tailLength + 8)
      pad[0] = 0x80
      const end = pad.length - 8
      // The length in bits, little-endian, as two 32-bit halves (files beyond 2^32 bytes too).
      const low = bits >>> 0
      const high = Math.floor(bits / 0x100000000)
      for (let i = 0; i < 4; i++) {
        pad[end + i] = (low >>> (8 * i)) & 0xff
        pad[end + 4 + i] = (high >>> (8 * i)) & 0xff
      }
      length -= pad.length
      md5.update(pad)
      let out = ''
      for (let i = 0; i < 16; i++) {
        const byte = (state[i >> 2]! >>> ((i & 3) * 8)) & 0xff
        out += (byte < 16 ? '0' : '') + byte.toString(16)
      }
      return out
    },
  }
  return md5
}
