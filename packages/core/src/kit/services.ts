/**
 * Shared state in slots, behind one open `Services` interface: per runtime object (the task
 * scheduler, the app's network and visibility, the one toast layer) or per client (the token
 * source a plugin provides; an `extend()`ed child sees its parent's). Packages add services by
 * declaration merging, so socket, transfer and stream can use what plugin-auth provides
 * without importing it.
 */
import type { Client } from '../client'
import type { AppState } from './app-state'
import type { Scheduler } from '../scheduler'
import type { TokenSource } from './tokens'
import type { UiLayer } from './ui'

/**
 * Services by name. Add yours with declaration merging:
 *
 * @example
 * declare module '@miniwire/core' { interface Services { uploads: UploadRegistry } }
 */
export interface Services {
  /** The task scheduler of a runtime object (10 wx network tasks, priorities). */
  scheduler: Scheduler
  /** Network status and app visibility of a runtime object. */
  app: AppState
  /** wx's one loading/toast layer, shared by plugin-loading and plugin-errors. */
  ui: UiLayer
  /** Where access tokens come from (plugin-auth provides it). */
  tokens: TokenSource
}

const slots = new WeakMap<object, Partial<Services>>()

function slotOf(owner: object): Partial<Services> {
  let slot = slots.get(owner)
  if (!slot) slots.set(owner, (slot = {}))
  return slot
}

/**
 * Puts a service in the slot of a client (its `extend()`ed children see it too) or of a
 * runtime object (every client on it sees it).
 *
 * @example
 * setup(client) { provide(client, 'tokens', provider) }
 */
export function provide<K extends keyof Services>(
  owner: Client | object,
  name: K,
  service: Services[K],
): void {
  slotOf(owner)[name] = service
}

/**
 * The service a client, one of its ancestors, or its runtime object holds; for a runtime
 * object, its own. `undefined` when nobody provided it.
 *
 * @example
 * const tokens = lookup(client, 'tokens') // plugin-auth's provider, if the app uses it
 */
export function lookup<K extends keyof Services>(
  owner: Client | object,
  name: K,
): Services[K] | undefined {
  // A runtime object has no parent: the loop reads its own slot once.
  for (let c: Client | undefined = owner as Client; c; c = c.parent) {
    const slot = slots.get(c)
    if (slot && slot[name] !== undefined) return slot[name]
  }
  const runtime = isClient(owner) ? runtimeOf(owner) : undefined
  const shared = runtime && slots.get(runtime)
  return shared && shared[name]
}

/**
 * The service in a runtime object's slot, made by `create` on first use.
 *
 * @example
 * const app = runtimeService(wx, 'app', watchApp)
 */
export function runtimeService<K extends keyof Services>(
  runtime: object,
  name: K,
  create: (runtime: any) => Services[K],
): Services[K] {
  const slot = slotOf(runtime)
  let service = slot[name]
  if (service === undefined) slot[name] = service = create(runtime)
  return service as Services[K]
}

function isClient(value: object): value is Client {
  return typeof (value as Client).use === 'function' && 'defaults' in value
}

/** A client's runtime object, or `undefined` when it has none yet (no global `wx`). */
function runtimeOf(client: Client): object | undefined {
  try {
    return client.wx
  } catch {
    return undefined
  }
}
