/**
 * @miniwire/stream: server-sent events, NDJSON and streamed text over `wx.request` with
 * `enableChunked`, through a miniwire client, decoded and parsed in the logic layer.
 */
export { StreamError, type StreamErrorFields, type StreamErrorReason } from './errors'
export { createNdjsonParser, type NdjsonEvent, type NdjsonParser } from './ndjson'
export type {
  EventStream,
  NdjsonStreamOptions,
  ReconnectOptions,
  SseStreamOptions,
  StreamOptions,
  StreamOptionsBase,
  TextStreamOptions,
} from './types'
export {
  createSseParser,
  type ServerSentEvent,
  type SseHandlers,
  type SseParser,
} from './sse'
export { stream } from './stream'
export { createUtf8Decoder, type Utf8Decoder } from './utf8'
