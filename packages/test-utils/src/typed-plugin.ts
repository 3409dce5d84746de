/**
 * A plugin in another package that extends core's open interfaces, as every real plugin does.
 * Core's type tests import it to prove that declaration merging reaches across packages.
 */
import type { Plugin } from '@miniwire/core'

/** Options of the example plugin. */
export interface TraceOptions {
  /** @default 'x-trace-id' */
  header?: string
}

declare module '@miniwire/core' {
  interface RequestOptions {
    /** Per request: `false` turns tracing off. */
    trace?: TraceOptions | false
  }
  interface ContextState {
    traceId?: string
  }
  interface ClientEvents {
    trace: { id: string }
  }
  interface ErrorCodes {
    ERR_TRACE: true
  }
}

/**
 * Adds a trace id header to every request.
 * @example client.use(trace())
 */
export function trace(options: TraceOptions = {}): Plugin {
  return {
    name: 'trace',
    stage: 'user',
    middleware: async function trace(ctx, next) {
      const config = ctx.request.trace
      if (config !== false) {
        const id = Math.random().toString(36).slice(2)
        ctx.state.traceId = id
        ctx.request.headers[(config && config.header) || options.header || 'x-trace-id'] = id
        ctx.client.emit('trace', { id })
      }
      await next()
    },
  }
}
