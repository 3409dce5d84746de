/**
 * Everything one running server shares between its routes: resolved options, the data, tokens,
 * counters, the request log, test switches and per-key fault memory. One object per server so
 * several servers in one test process never see each other's state.
 */
import type { Hash } from 'node:crypto'
import type { ParameterizedContext } from 'koa'
import type { RouterContext } from '@koa/router'
import type { UserRecord } from './store'
import { Store } from './store'
import { TokenService } from './tokens'
import type { DemoCounters, RefreshFailure, RequestLogEntry } from './types'

/** Where files live under the upload folder. */
export interface Dirs {
  root: string
  files: string
  chunks: string
  tus: string
  tmp: string
}

/** Per-key memory of the fault routes. */
export interface FaultKeyState {
  hits: number
  flaky: number
  rateLimit: number
  slowStarted: number
  slowCompleted: number
  slowAborted: number
}

/** A finished file that instant upload can point at. */
export interface StoredFile {
  name: string
  size: number
  md5: string
  url: string
  /** CRC-32 of its first bytes, taken when a chunk-and-merge init first asks. */
  head?: string
}

/** One chunk-and-merge upload in progress. */
export interface ChunkSession {
  uploadId: string
  fileName: string
  size: number
  chunkSize: number
  chunkCount: number
  /** The md5 init gave, checked at the merge; none when the client did not send one. */
  md5: string | undefined
  received: Set<number>
  /** The session's folder; the chunks are written into `<dir>/data` at their offsets. */
  dir: string
  merging: boolean
  /** md5 of the whole file so far: chunk 0 … `hashed - 1`, added as they become contiguous. */
  hash: Hash
  hashed: number
  /** The last hashing step: steps run one after another. */
  hashing: Promise<void>
  /** Chunks that came ahead of their turn to be hashed, kept (within a limit) so none is read back. */
  held: Map<number, Buffer[]>
}

/** A fault set with `control.injectFault()`. */
export interface InjectedFault {
  /** Only this method (after `X-HTTP-Method-Override`); any when absent. */
  method?: string | undefined
  /** A path prefix, or a pattern the path must match. */
  path: string | RegExp
  /** Requests still to fail. */
  remaining: number
  /** Status to answer. */
  status: number
  /** Hold the request this long (or until the client gives up), then serve it normally. */
  stallMs?: number | undefined
  /** Requests this fault has hit so far. */
  hits: number
}

export interface DemoState {
  options: {
    accessTokenTtlMs: number
    refreshTokenTtlMs: number
    expiredTokenResponse: 'http' | 'business'
    log: boolean
  }
  dirs: Dirs
  store: Store
  tokens: TokenService
  counters: DemoCounters
  requestLog: RequestLogEntry[]
  switches: { failRefresh: RefreshFailure; refreshDelayMs: number; answerPings: boolean }
  faults: Map<string, FaultKeyState>
  /** Finished files by md5 (seeded, multipart and merged), for instant upload. */
  filesByMd5: Map<string, StoredFile>
  chunkSessions: Map<string, ChunkSession>
  /** Faults set with `control.injectFault()`, checked in order. */
  injected: InjectedFault[]
}

/** `ctx.state` inside the Koa app. */
export interface AppState {
  /** The caller, once `requireAuth` / `optionalAuth` accepted a token. */
  user?: UserRecord
  /** Route key for the counters when no router matched (e.g. `/tus/:id`). */
  routeKey?: string
  /** The method on the wire, when `X-HTTP-Method-Override` replaced it. */
  originalMethod?: string
  /** The request body, once read (see body.ts). */
  rawBody?: Buffer
}

export type AppContext = ParameterizedContext<AppState>
export type Ctx = RouterContext<AppState>

/** The part of a route's context that helpers read. */
export interface ParamsCtx {
  params: Record<string, string>
  state: AppState
}

export const REQUEST_LOG_LIMIT = 10_000

export function newCounters(): DemoCounters {
  return { refresh: 0, login: 0, requestsByRoute: {}, concurrent: 0, maxConcurrent: 0, total: 0 }
}

export function createState(options: DemoState['options'], dirs: Dirs): DemoState {
  return {
    options,
    dirs,
    store: new Store(),
    tokens: new TokenService(options.accessTokenTtlMs, options.refreshTokenTtlMs),
    counters: newCounters(),
    requestLog: [],
    switches: { failRefresh: false, refreshDelayMs: 0, answerPings: true },
    faults: new Map(),
    filesByMd5: new Map(),
    chunkSessions: new Map(),
    injected: [],
  }
}

/** The fault memory for `key`, created on first use. */
export function faultState(state: DemoState, key: string): FaultKeyState {
  let entry = state.faults.get(key)
  if (!entry) {
    entry = { hits: 0, flaky: 0, rateLimit: 0, slowStarted: 0, slowCompleted: 0, slowAborted: 0 }
    state.faults.set(key, entry)
  }
  return entry
}
