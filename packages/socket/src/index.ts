/**
 * @miniwire/socket: a WebSocket manager for mini programs that survives phones: reconnects
 * with backoff (and a fresh token), a heartbeat that finds dead connections, an offline queue
 * that can outlive the app, typed events routed by message type, request/response, and wx's
 * 5-socket limit shared across pages. Built on core's plugin kit and runtime object.
 */
export type { RequestOptions } from './calls'
export { type Codec, type Frame, jsonCodec } from './codec'
export type { SocketState } from './connection'
export {
  isSocketError,
  SocketError,
  type SocketErrorFields,
  type SocketErrorReason,
} from './errors'
export type {
  CloseInfo,
  ConnectInfo,
  HeartbeatOptions,
  QueueOptions,
  ReconnectOptions,
  SocketOptions,
} from './options'
export { MAX_SOCKETS, type SocketRegistry } from './registry'
export type { EventsOf, SocketEvents } from './events'
export { createSocket, Socket } from './socket'
