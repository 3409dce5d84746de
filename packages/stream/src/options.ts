/**
 * The checks and defaults of `stream()`'s own options (./types declares them), which refuse
 * bad input with a message that names the option. Checked with core's `defineOptions`, so the
 * wording matches every plugin's.
 */
import {
  type AbortSignalLike,
  checks,
  type OptionCheck,
  defineOptions,
  type RequestConfig,
  type ResponseHead,
} from '@miniwire/core'
import type { ServerSentEvent } from './sse'
import type { ReconnectOptions } from './types'

/** The resolved options. */
export interface Resolved {
  mode: 'sse' | 'ndjson' | 'text'
  signal: AbortSignalLike | undefined
  onEvent: ((event: unknown) => void) | undefined
  onOpen: ((head: ResponseHead) => void) | undefined
  onError: ((error: unknown) => void) | undefined
  done: ((event: ServerSentEvent) => boolean) | false
  reconnect: Required<ReconnectOptions> | false
  lastEventId: string | undefined
  invalidLines: 'event' | 'skip' | 'throw'
}

/** `false` switches a part off. */
const off = checks.oneOf(false)

const reconnectOptions = defineOptions<ReconnectOptions, Required<ReconnectOptions>>({
  key: 'reconnect',
  schema: { limit: checks.integer(), delay: checks.number(), maxDelay: checks.number() },
  defaults: { limit: 5, delay: 1000, maxDelay: 30_000 },
})

/** The check of each of `stream()`'s own options: every other key goes to the request. */
const schema: Record<string, OptionCheck> = {
  mode: checks.oneOf('sse', 'ndjson', 'text'),
  signal: checks.signal,
  onEvent: checks.func,
  onOpen: checks.func,
  onError: checks.func,
  done: checks.either(off, checks.func),
  reconnect: checks.mapped(
    checks.either(off, checks.object),
    (value) => value && reconnectOptions.resolve(value, undefined, 'stream()'),
  ),
  // Empty is a value too: a stored ID that was never set.
  lastEventId: checks.either(checks.oneOf(''), checks.string),
  invalidLines: checks.oneOf('event', 'skip', 'throw'),
}

const streamOptions = defineOptions<Record<string, unknown>, Resolved>({
  key: 'stream',
  schema,
  // The callbacks, the signal and lastEventId (the SSE parser's '') default to undefined.
  defaults: {
    mode: 'sse',
    done: (event: ServerSentEvent) => event.data === '[DONE]',
    reconnect: reconnectOptions.resolve(undefined),
    invalidLines: 'event',
  } as Resolved,
})

/**
 * Splits `stream()`'s options into its own, checked and resolved, and the request's: every
 * other key, which core checks.
 * @example const [o, config] = splitOptions({ mode: 'ndjson', method: 'POST' })
 */
export function splitOptions(options: object): [Resolved, Partial<RequestConfig>] {
  const own: Record<string, unknown> = {}
  const config: Record<string, unknown> = {}
  for (const key in options) {
    ;(key in schema ? own : config)[key] = (options as Record<string, unknown>)[key]
  }
  return [streamOptions.resolve(own), config]
}
