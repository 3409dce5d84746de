/**
 * Starting and stopping one demo server: folders, state, the Koa app on a plain node HTTP
 * server, WebSocket on the same port, tus, and a `close()` that ends all of it and removes the
 * temp folder it made.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from './app'
import { seedFiles } from './files'
import { articleRoutes } from './routes/articles'
import { authRoutes } from './routes/auth'
import { chunkedRoutes } from './routes/chunked'
import { commentRoutes } from './routes/comments'
import { echoRoutes } from './routes/echo'
import { faultRoutes } from './routes/faults'
import { injectFaults } from './middleware/inject-faults'
import { fileRoutes } from './routes/files'
import { monitorRoutes } from './routes/monitor'
import { streamRoutes } from './routes/stream'
import { uploadRoutes } from './routes/upload'
import { userRoutes } from './routes/users'
import { tusMiddleware } from './tus'
import { createSocketHub } from './ws'
import { createState, type Dirs, type InjectedFault, newCounters } from './state'
import type { DemoServer, DemoServerOptions } from './types'

/**
 * Starts a demo server and resolves once it listens.
 *
 * @example
 * ```ts
 * const server = await startDemoServer()
 * const res = await fetch(`${server.url}/users?page=1&limit=5`)
 * await server.close()
 * ```
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  checkOptions(options)
  const ownsDir = options.uploadDir === undefined
  const root = options.uploadDir ?? (await mkdtemp(join(tmpdir(), 'miniwire-demo-')))
  const dirs: Dirs = {
    root,
    files: join(root, 'files'),
    chunks: join(root, 'chunks'),
    tus: join(root, 'tus'),
    tmp: join(root, 'tmp'),
  }
  await Promise.all(
    [dirs.files, dirs.chunks, dirs.tus, dirs.tmp].map((d) => mkdir(d, { recursive: true })),
  )

  const state = createState(
    {
      accessTokenTtlMs: options.accessTokenTtlMs ?? 15 * 60_000,
      refreshTokenTtlMs: options.refreshTokenTtlMs ?? 7 * 24 * 3_600_000,
      expiredTokenResponse: options.expiredTokenResponse ?? 'http',
      log: options.log ?? false,
    },
    dirs,
  )
  await seedFiles(state)
  const app = createApp(
    state,
    [
      authRoutes(state),
      userRoutes(state),
      articleRoutes(state),
      commentRoutes(state),
      echoRoutes(),
      faultRoutes(state),
      uploadRoutes(state),
      chunkedRoutes(state),
      fileRoutes(state),
      monitorRoutes(),
      streamRoutes(state),
    ],
    [injectFaults(state), tusMiddleware(state)],
  )
  const http = createServer(app.callback())
  const hub = createSocketHub(state)
  http.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head))

  const host = options.host ?? '127.0.0.1'
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(options.port ?? 0, host, () => {
        http.off('error', reject)
        resolve()
      })
    })
  } catch (err) {
    await hub.close()
    if (ownsDir) await rm(root, { recursive: true, force: true })
    throw new Error(
      `demo server could not listen on ${host}:${options.port ?? 0}: ${(err as Error).message}`,
      { cause: err },
    )
  }
  const port = (http.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host

  let closing: Promise<void> | undefined
  const server: DemoServer = {
    url: `http://${shownHost}:${port}`,
    wsUrl: `ws://${shownHost}:${port}/ws`,
    port,
    uploadDir: root,
    counters: state.counters,
    requestLog: state.requestLog,
    close() {
      closing ??= (async () => {
        await hub.close()
        await new Promise<void>((resolve) => {
          http.close(() => resolve())
          http.closeAllConnections()
        })
        if (ownsDir) await rm(root, { recursive: true, force: true })
      })()
      return closing
    },
    resetCounters() {
      const fresh = newCounters()
      fresh.concurrent = state.counters.concurrent
      fresh.maxConcurrent = state.counters.concurrent
      Object.assign(state.counters, fresh)
      state.requestLog.length = 0
    },
    issueTokens(opts = {}) {
      return state.tokens.issue(
        opts.userId ?? 1,
        opts.accessTtlMs ?? state.options.accessTokenTtlMs,
        opts.refreshTtlMs ?? state.options.refreshTokenTtlMs,
      )
    },
    control: {
      failRefresh(mode) {
        state.switches.failRefresh = mode
      },
      refreshDelayMs(ms) {
        state.switches.refreshDelayMs = Math.max(0, ms)
      },
      dropSockets() {
        hub.drop()
      },
      closeSockets(code, reason) {
        hub.closeAll(code, reason)
      },
      answerPings(on) {
        state.switches.answerPings = on
      },
      notify(payload, opts = {}) {
        return hub.notify(payload, opts.userId)
      },
      socketCount() {
        return hub.count()
      },
      sendRaw(data) {
        return hub.sendRaw(data)
      },
      injectFault(fault) {
        const entry: InjectedFault = {
          method: fault.method,
          path: fault.path,
          remaining: fault.times,
          status: fault.status ?? 503,
          stallMs: fault.stallMs,
          hits: 0,
        }
        state.injected.push(entry)
        return {
          get hits() {
            return entry.hits
          },
        }
      },
      clearFaults() {
        state.injected.length = 0
      },
    },
  }
  return server
}

/** Refuses options that would make a confusing server, naming the option. */
function checkOptions(options: DemoServerOptions): void {
  const { port, accessTokenTtlMs, refreshTokenTtlMs, expiredTokenResponse } = options
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new TypeError(`startDemoServer: port must be an integer from 0 to 65535, got ${port}`)
  }
  for (const [name, value] of [
    ['accessTokenTtlMs', accessTokenTtlMs],
    ['refreshTokenTtlMs', refreshTokenTtlMs],
  ] as const) {
    if (value !== undefined && !Number.isFinite(value)) {
      throw new TypeError(`startDemoServer: ${name} must be a finite number of ms, got ${value}`)
    }
  }
  if (
    expiredTokenResponse !== undefined &&
    expiredTokenResponse !== 'http' &&
    expiredTokenResponse !== 'business'
  ) {
    throw new TypeError(
      `startDemoServer: expiredTokenResponse must be 'http' or 'business', got ${String(expiredTokenResponse)}`,
    )
  }
}
