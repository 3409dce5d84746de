/**
 * How messages become frames and back. JSON by default: strings and ArrayBuffers go out as
 * they are, anything else as JSON; binary frames come in as ArrayBuffers, text frames are
 * parsed. A text frame that is not JSON makes `decode` throw, and the socket reports it on
 * its `error` event with the raw frame: never silently dropped (the seed's defect 6).
 */

import { utf8Length } from '@miniwire/core'

/** A frame as wx sends and receives it. */
export type Frame = string | ArrayBuffer

/** Turns messages into frames and frames into messages. */
export interface Codec {
  encode(message: unknown): Frame
  /** May throw: the socket then emits an `error` whose `data` is the frame. */
  decode(frame: Frame): unknown
}

/**
 * The default codec.
 * @example createSocket({ url, codec: jsonCodec }) // the same as leaving codec out
 */
export const jsonCodec: Codec = {
  encode: (message) =>
    typeof message === 'string' || message instanceof ArrayBuffer
      ? message
      : JSON.stringify(message),
  decode: (frame) => (typeof frame === 'string' ? JSON.parse(frame) : frame),
}

/** Bytes a frame takes on the wire (UTF-8 for text). */
export const frameBytes = (frame: Frame): number =>
  typeof frame === 'string' ? utf8Length(frame) : frame.byteLength
