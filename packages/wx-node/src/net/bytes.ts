/** A copy of a Buffer's bytes as a standalone ArrayBuffer (what wx hands to callbacks). */
export function toArrayBuffer(buf: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(buf.byteLength)
  new Uint8Array(out).set(buf)
  return out
}
