/**
 * The state one `createWx` instance shares between its API modules: resolved options, the
 * sandbox, task slots, live tasks and sockets, listeners, the log and the timers it owns.
 * Every module receives this object instead of reaching for globals, so two runtimes in one
 * test file never see each other.
 */
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { Sandbox } from './fs/sandbox'
import { Listeners } from './listeners'
import { TaskSlots } from './net/slots'
import type {
  WxLoadingState,
  WxLogEntry,
  WxLogType,
  WxModalAnswer,
  WxNodeOptions,
  WxToastState,
} from './types'

/** Options with their defaults applied. */
export interface ResolvedOptions {
  maxTasks: number
  overflow: 'queue' | 'fail'
  maxSockets: number
  hideInterruptMs: number
  storageKeyLimit: number
  storageTotalLimit: number
  maxDownloadBytes: number
  initialPage: string
  tabBarPages: string[]
  storageFile: string | undefined
  resendOnStaleConnection: boolean
}

/** An in-flight network task (request, upload, download) that the runtime can cut short. */
export interface LiveTask {
  /** Fails the task with `<api>:fail <reason>` and `errno`, freeing its slot. */
  interrupt(reason: string, errno: number): void
}

/** An open or connecting socket that the runtime can drop. */
export interface LiveSocket {
  drop(code: number, reason: string): void
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`createWx: ${name} must be a non-negative number, got ${String(value)}`)
  }
  return value
}

export function resolveOptions(o: WxNodeOptions): ResolvedOptions {
  if (o.overflow !== undefined && o.overflow !== 'queue' && o.overflow !== 'fail') {
    throw new TypeError(`createWx: overflow must be 'queue' or 'fail', got ${String(o.overflow)}`)
  }
  const resend = o.resendOnStaleConnection
  if (resend !== undefined && typeof resend !== 'boolean') {
    throw new TypeError(
      `createWx: resendOnStaleConnection must be a boolean, got ${String(resend)}`,
    )
  }
  return {
    maxTasks: Math.max(1, positive('maxTasks', o.maxTasks, 10)),
    overflow: o.overflow ?? 'queue',
    maxSockets: positive('maxSockets', o.maxSockets, 5),
    hideInterruptMs: positive('hideInterruptMs', o.hideInterruptMs, 5000),
    storageKeyLimit: positive('storageKeyLimit', o.storageKeyLimit, 1024 * 1024),
    storageTotalLimit: positive('storageTotalLimit', o.storageTotalLimit, 10 * 1024 * 1024),
    maxDownloadBytes: positive('maxDownloadBytes', o.maxDownloadBytes, 200 * 1024 * 1024),
    initialPage: o.initialPage ?? '/pages/index/index',
    tabBarPages: o.tabBarPages ?? [],
    storageFile: o.storageFile,
    resendOnStaleConnection: o.resendOnStaleConnection ?? true,
  }
}

export class Runtime {
  readonly options: ResolvedOptions
  readonly sandbox: Sandbox
  readonly slots: TaskSlots
  readonly tasks = new Set<LiveTask>()
  readonly sockets = new Set<LiveSocket>()
  readonly log: WxLogEntry[] = []
  readonly appShow = new Listeners<unknown>()
  readonly appHide = new Listeners<unknown>()
  readonly networkChange = new Listeners<{ isConnected: boolean; networkType: string }>()
  readonly httpAgent = new HttpAgent({ keepAlive: true })
  readonly httpsAgent = new HttpsAgent({ keepAlive: true })
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()

  appVisible = true
  /** True once the app has stayed hidden past `hideInterruptMs`. */
  backgroundInterrupted = false
  online = true
  networkType = 'wifi'
  loading: WxLoadingState | null = null
  toast: WxToastState | null = null
  pageStack: string[]
  modalAnswer: WxModalAnswer = { confirm: true }
  permissions = new Map<string, boolean>()
  chooseFiles: string[] = []
  loginCode: (() => string) | undefined
  disposed = false

  constructor(options: WxNodeOptions) {
    this.options = resolveOptions(options)
    this.sandbox = new Sandbox(options.sandboxDir)
    this.slots = new TaskSlots(this.options.maxTasks, this.options.overflow)
    this.pageStack = [this.options.initialPage]
  }

  /** Appends a log entry. `args` is copied shallowly and stripped of callbacks. */
  record(type: WxLogType, name: string, args: unknown): void {
    this.log.push({ time: Date.now(), type, name, args: stripCallbacks(args) })
  }

  /** A timer the runtime clears on dispose. */
  setTimer(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
    const handle = setTimeout(() => {
      this.timers.delete(handle)
      fn()
    }, ms)
    this.timers.add(handle)
    return handle
  }

  clearTimer(handle: ReturnType<typeof setTimeout> | undefined): void {
    if (handle === undefined) return
    clearTimeout(handle)
    this.timers.delete(handle)
  }

  clearAllTimers(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }

  /** Frees what the runtime holds outside the process heap: timers, agents, its own sandbox. */
  release(): void {
    this.clearAllTimers()
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
    this.sandbox.dispose()
  }
}

function stripCallbacks(args: unknown): unknown {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return args
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(args)) if (typeof v !== 'function') out[k] = v
  return out
}
