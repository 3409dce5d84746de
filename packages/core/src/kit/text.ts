/**
 * The size of text as wx counts it: storage limits (1 MB a key, 10 MB in all) and socket
 * frames are UTF-8 bytes, not UTF-16 units. Cache, monitor and socket all measure by it.
 */

/**
 * UTF-8 bytes of a string: `encodeURI` writes each non-ASCII byte as one `%XX`. A lone
 * surrogate (which `encodeURI` refuses) makes it count 3 bytes a character, an upper bound.
 *
 * @example
 * utf8Length('héllo') // 6
 * utf8Length('你好') // 6
 */
export function utf8Length(text: string): number {
  try {
    return encodeURI(text).replace(/%../g, '-').length
  } catch {
    return text.length * 3
  }
}
