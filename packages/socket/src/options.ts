/**
 * `createSocket()`'s options, checked and layered over the defaults with core's
 * `defineOptions` (one table per group, so a refusal names `reconnect.maxDelay`, the value and
 * what was expected).
 */
import {
  type Client,
  checks,
  defineOptions,
  invalidOption,
  type OptionCheck,
  type OptionSchema,
  type WxRuntime,
} from '@miniwire/core'
import { type Codec, jsonCodec } from './codec'

/** What `url` and `header` functions are given on every (re)connect. */
export interface ConnectInfo {
  /** The token source's current token (`undefined` without one, or when signed out). */
  token: string | undefined
}

/** How a close or refusal reads when deciding whether the server refused the token. */
export interface CloseInfo {
  code: number
  reason: string
  /** wx's `onError` text just before the close, if any (a refused upgrade says `401`). */
  errMsg?: string | undefined
}

/** Reconnection with exponential backoff and full jitter. */
export interface ReconnectOptions {
  /** First delay's ceiling, ms. @default 1000 */
  minDelay?: number
  /** Largest delay, ms. @default 30000 */
  maxDelay?: number
  /** Growth per attempt. @default 2 */
  factor?: number
  /** Attempts before giving up (`Infinity`: never). @default Infinity */
  attempts?: number
  /** A connection open this long resets the attempt count, ms. @default 5000 */
  stableAfter?: number
}

/** Heartbeat: a ping after `interval` ms of silence, a dead connection after `timeout` more. */
export interface HeartbeatOptions {
  /** Silence before a ping, ms. @default 25000 */
  interval?: number
  /** Wait for any frame after the ping, ms. @default 10000 */
  timeout?: number
  /** The ping message. @default () => ({ type: 'ping' }) */
  ping?: () => unknown
  /** Tells a pong (not emitted as a message). @default (m) => m.type === 'pong' */
  isPong?: (message: any) => boolean
}

/** The queue that keeps messages sent while the socket is not open. */
export interface QueueOptions {
  /** Most messages kept. @default 1000 */
  limit?: number
  /** Most bytes kept. @default 1048576 */
  maxBytes?: number
  /** When full: drop the `'oldest'` queued message, or the `'newest'` (the one being sent). @default 'oldest' */
  drop?: 'oldest' | 'newest'
  /** A storage key: text messages survive an app restart. @default false */
  persist?: string | false
}

/** Options of `createSocket()`. */
export interface SocketOptions {
  /** The socket URL, or a function (may be async) called on every (re)connect. */
  url: string | ((info: ConnectInfo) => string | Promise<string>)
  /** Handshake headers, or a function (may be async) called on every (re)connect. */
  header?:
    | Record<string, string>
    | ((info: ConnectInfo) => Record<string, string> | Promise<Record<string, string>>)
  /** Sub-protocols. */
  protocols?: string[]
  /** The runtime object. @default the client's, else the global `wx` looked up now */
  wx?: WxRuntime
  /** A core client: its runtime object and its token source (`getTokenSource(client)`). */
  client?: Client
  /** Sockets with the same key on one runtime share one connection. @default url when a string */
  key?: string
  /** Connect at once. @default true */
  autoConnect?: boolean
  /** @default { minDelay: 1000, maxDelay: 30000, factor: 2, attempts: Infinity, stableAfter: 5000 } */
  reconnect?: ReconnectOptions | false
  /** @default { interval: 25000, timeout: 10000 } */
  heartbeat?: HeartbeatOptions | false
  /** @default { limit: 1000, maxBytes: 1048576, drop: 'oldest', persist: false } */
  queue?: QueueOptions | false
  /** @default jsonCodec */
  codec?: Codec
  /** A request's timeout when the call names none, ms. @default 10000 */
  requestTimeout?: number
  /**
   * Whether a close means the server refused the token: the token source then refreshes it
   * before reconnecting. @default code 4401, or an errMsg naming 401 (a refused upgrade)
   */
  isTokenRefused?: (close: CloseInfo) => boolean
}

/** Options after layering. */
export interface ResolvedOptions
  extends Omit<
      SocketOptions,
      | 'reconnect'
      | 'heartbeat'
      | 'queue'
      | 'autoConnect'
      | 'codec'
      | 'requestTimeout'
      | 'isTokenRefused'
    >,
    Required<Pick<SocketOptions, 'autoConnect' | 'codec' | 'requestTimeout' | 'isTokenRefused'>> {
  reconnect: Required<ReconnectOptions> | false
  heartbeat: Required<HeartbeatOptions> | false
  queue: Required<QueueOptions> | false
}

const WHERE = 'createSocket()'
const stringOrFunction = checks.either(checks.string, checks.func)

/**
 * A group of options (`reconnect`, `heartbeat`, `queue`) with its own table, so a refusal names
 * `reconnect.maxDelay`: `false`, or the group layered over its defaults.
 */
function group<T extends object>(
  key: string,
  schema: OptionSchema<T>,
  defaults: Required<T>,
): OptionCheck {
  const table = defineOptions<T, Required<T>>({ key, schema, defaults })
  return checks.mapped(
    checks.either(checks.object, checks.oneOf(false)),
    (value: T | false) => value && table.resolve(value, undefined, WHERE),
  )
}

const RECONNECT: Required<ReconnectOptions> = {
  minDelay: 1000,
  maxDelay: 30000,
  factor: 2,
  attempts: Infinity,
  stableAfter: 5000,
}
const HEARTBEAT: Required<HeartbeatOptions> = {
  interval: 25000,
  timeout: 10000,
  ping: () => ({ type: 'ping' }),
  isPong: (m) => !!m && m.type === 'pong',
}
const QUEUE: Required<QueueOptions> = {
  limit: 1000,
  maxBytes: 1048576,
  drop: 'oldest',
  persist: false,
}

const socketOptions = defineOptions<SocketOptions, ResolvedOptions>({
  key: 'socket',
  schema: {
    url: stringOrFunction,
    header: checks.either(checks.object, checks.func),
    protocols: checks.arrayOf('string'),
    wx: checks.withMethods('a runtime object with connectSocket', 'connectSocket'),
    client: checks.withMethods('a miniwire client', 'use'),
    key: checks.string,
    autoConnect: checks.boolean,
    reconnect: group<ReconnectOptions>(
      'reconnect',
      {
        minDelay: checks.number(),
        maxDelay: checks.number(),
        factor: checks.number(1),
        attempts: checks.either(checks.integer(0), checks.oneOf(Infinity)),
        stableAfter: checks.number(),
      },
      RECONNECT,
    ),
    heartbeat: group<HeartbeatOptions>(
      'heartbeat',
      {
        interval: checks.number(0, true),
        timeout: checks.number(0, true),
        ping: checks.func,
        isPong: checks.func,
      },
      HEARTBEAT,
    ),
    queue: group<QueueOptions>(
      'queue',
      {
        limit: checks.integer(0),
        maxBytes: checks.number(),
        drop: checks.oneOf('oldest', 'newest'),
        persist: checks.either(checks.string, checks.oneOf(false)),
      },
      QUEUE,
    ),
    codec: checks.withMethods('a codec with encode and decode', 'encode', 'decode'),
    requestTimeout: checks.number(),
    isTokenRefused: checks.func,
  },
  defaults: {
    url: '',
    autoConnect: true,
    reconnect: RECONNECT,
    heartbeat: HEARTBEAT,
    queue: QUEUE,
    codec: jsonCodec,
    requestTimeout: 10000,
    isTokenRefused: (c) => c.code === 4401 || /\b401\b/.test(c.errMsg || ''),
  },
})

/**
 * Checks `given` and fills in the defaults.
 * @example resolveOptions({ url: 'wss://example.com/ws', heartbeat: false })
 */
export function resolveOptions(given: SocketOptions): ResolvedOptions {
  const o = socketOptions.resolve(given, undefined, WHERE)
  if (!o.url) {
    // A url given is checked by the table: only a missing one gets here.
    throw invalidOption(`${WHERE}: url must be ${stringOrFunction.expected}, got undefined`)
  }
  return o
}
