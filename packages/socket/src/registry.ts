/**
 * wx allows 5 sockets per mini program. The registry of a runtime object (core's
 * `runtimeService`, under the `sockets` service) knows every connection on it: sockets created
 * with the same key (by default the URL) on several pages share one connection, counted by
 * reference and closed when the last page releases it, and a sixth connection is refused with
 * a clear error instead of wx's silent `onError`.
 */
import { runtimeService, type WxRuntime } from '@miniwire/core'
import type { Connection } from './connection'

declare module '@miniwire/core' {
  interface Services {
    /** The sockets of a runtime object (`@miniwire/socket`). */
    sockets: SocketRegistry
  }
}

/** wx's limit of sockets open at once. */
export const MAX_SOCKETS = 5

/** The sockets of one runtime object. */
export interface SocketRegistry {
  /** Connections by key, shared by the sockets (pages) that hold them. */
  readonly shared: Map<string, Connection>
  /** Connections that hold, or try to hold, a wx socket. */
  readonly active: Set<Connection>
}

/**
 * The registry of a runtime object, made on first use.
 * @example registryOf(wx).active.size // sockets in use on this runtime
 */
export function registryOf(wx: WxRuntime): SocketRegistry {
  return runtimeService(wx, 'sockets', () => ({ shared: new Map(), active: new Set() }))
}
