/**
 * @miniwire/stream: server-sent events, NDJSON and streamed text over `wx.request` with
 * `enableChunked`, through a miniwire client, decoded and parsed in the logic layer.
 */
export { StreamError, type StreamErrorFields, type StreamErrorReason } from './errors'
export { type NdjsonEvent, NdjsonParser } from './ndjson'
export type {
  NdjsonStreamOptions,
  ReconnectOptions,
  SseStreamOptions,
  StreamOptions,
  StreamOptionsBase,
  TextStreamOptions,
} from './options'
export { type ServerSentEvent, type SseHandlers, SseParser } from './sse'
export { type EventStream, stream } from './stream'
export { Utf8Decoder } from './utf8'
