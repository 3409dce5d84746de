/**
 * The life of one wx network task (request, uploadFile, downloadFile) over node:http(s): checks
 * the URL and network state, waits for one of the shared task slots, sends, follows redirects,
 * times out, aborts, is interrupted when the app stays hidden, and settles exactly once with
 * wx's result or `{ errMsg, errno }`. What differs between the three APIs (the body written
 * and how the response body is consumed) comes in through `ExchangeSpec`.
 */
import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { type CallbackOptions, deliverFail, deliverSuccess } from '../callbacks'
import { failure, WX_ERRNO, type WxFailure } from '../errno'
import type { LiveTask, Runtime } from '../runtime'
import { networkReason, OFFLINE_REASON } from './net-errors'
import { now, ProfileRecorder } from './profile'
import type { SlotTicket } from './slots'

const MAX_REDIRECTS = 10

/**
 * Methods a server must treat as idempotent (RFC 9110 §9.2.2): sending one twice has the
 * effect of sending it once, so it may go out again on a fresh connection.
 */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'])

/** What the task does with its body and response. */
export interface ExchangeSpec {
  api: 'request' | 'uploadFile' | 'downloadFile'
  url: string
  method: string
  headers: Record<string, string>
  timeout: number
  redirect: 'follow' | 'manual'
  callbacks: CallbackOptions
  /** Sends the body and ends `req`; runs again for each redirect that keeps the method. */
  writeBody(req: ClientRequest, method: string): void
  /** Response headers of the final response. */
  onHeaders?(res: IncomingMessage): void
  /** Reads the body, then calls `ctl.succeed(result)` or `ctl.fail(reason)`. */
  consume(res: IncomingMessage, ctl: ConsumeControl): void
  /** Cleanup after a failure (e.g. remove a partial download). */
  onFail?(): void
}

export interface ConsumeControl {
  profile(): WechatMiniprogram.RequestProfile
  succeed(result: object): void
  fail(reason: string, errno: number): void
}

/** Lower-cased response headers as one object (repeated headers joined by `, `). */
export function headerObject(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
  }
  return out
}

export class Exchange implements LiveTask {
  private ticket: SlotTicket | null = null
  private req: ClientRequest | undefined
  private res: IncomingMessage | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  private settled = false
  private redirects = 0
  private readonly profile = new ProfileRecorder()

  constructor(
    private readonly rt: Runtime,
    private readonly spec: ExchangeSpec,
  ) {}

  /** Validates and queues the task; failures are delivered asynchronously, as wx does. */
  start(): void {
    const { rt, spec } = this
    const early = this.precheck()
    if (early) {
      this.finishFail(early)
      return
    }
    rt.tasks.add(this)
    const ticket = rt.slots.acquire(() => this.begin())
    if (!ticket) {
      this.finishFail(failure(spec.api, 'exceed max task count', WX_ERRNO.EXCEED_MAX_TASKS))
      return
    }
    this.ticket = ticket
  }

  private precheck(): WxFailure | undefined {
    const { rt, spec } = this
    let url: URL
    try {
      url = new URL(spec.url)
    } catch {
      return failure(spec.api, `invalid url "${spec.url}"`, WX_ERRNO.INVALID_URL)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return failure(spec.api, `invalid url "${spec.url}"`, WX_ERRNO.INVALID_URL)
    }
    if (typeof spec.timeout !== 'number' || !(spec.timeout >= 0)) {
      const kind = Object.prototype.toString.call(spec.timeout).slice(8, -1)
      return failure(
        spec.api,
        `parameter error: parameter.timeout should be a non-negative Number instead of ${kind};`,
      )
    }
    if (!rt.online) return failure(spec.api, OFFLINE_REASON, WX_ERRNO.UNKNOWN_NETWORK)
    if (rt.backgroundInterrupted) return failure(spec.api, 'interrupted', WX_ERRNO.INTERRUPTED)
    return undefined
  }

  private begin(): void {
    if (this.settled) return
    this.profile.queueEnd = now()
    this.profile.fetchStart = this.profile.queueEnd
    this.timer = this.rt.setTimer(
      () => this.failWith('timeout', WX_ERRNO.TIMEOUT),
      this.spec.timeout,
    )
    this.send(this.spec.url, this.spec.method, false)
  }

  private send(target: string, method: string, isRetry: boolean): void {
    const url = new URL(target)
    const secure = url.protocol === 'https:'
    const make = secure ? httpsRequest : httpRequest
    const req = make(url, {
      method,
      headers: this.spec.headers,
      agent: secure ? this.rt.httpsAgent : this.rt.httpAgent,
    })
    this.req = req
    let gotResponse = false
    let answered = () => gotResponse
    req.on('socket', (socket) => {
      this.profile.attach(socket, req.reusedSocket, secure)
      const readBefore = socket.bytesRead
      answered = () => gotResponse || socket.bytesRead > readBefore
    })
    req.on('finish', () => {
      this.profile.requestEnd = now()
    })
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (this.settled || this.req !== req) return
      // A kept-alive socket the server closed just as we reused it. The server may have read
      // and acted on the request, so only an idempotent one goes out again (once, on a fresh
      // socket, before any byte of an answer came back); anything else fails as wx would.
      if (
        this.rt.options.resendOnStaleConnection &&
        IDEMPOTENT.has(method) &&
        !isRetry &&
        req.reusedSocket &&
        error.code === 'ECONNRESET' &&
        !answered()
      ) {
        return this.send(target, method, true)
      }
      this.failWith(networkReason(error), WX_ERRNO.UNKNOWN_NETWORK)
    })
    req.on('response', (res) => {
      gotResponse = true
      if (this.settled) return res.destroy()
      this.profile.responseStart = now()
      const location = res.headers.location
      const status = res.statusCode ?? 0
      if (
        this.spec.redirect === 'follow' &&
        location &&
        [301, 302, 303, 307, 308].includes(status)
      ) {
        return this.redirect(res, new URL(location, url).toString(), method, status)
      }
      this.res = res
      res.on('error', (error) => this.failWith(networkReason(error), WX_ERRNO.UNKNOWN_NETWORK))
      res.on('close', () => {
        if (!res.complete)
          this.failWith(networkReason({ code: 'ECONNRESET' }), WX_ERRNO.UNKNOWN_NETWORK)
      })
      this.spec.onHeaders?.(res)
      this.spec.consume(res, {
        profile: () => {
          this.profile.responseEnd = now()
          return this.profile.snapshot()
        },
        succeed: (result) => this.succeed(result),
        fail: (reason, errno) => this.failWith(reason, errno),
      })
    })
    this.spec.writeBody(req, method)
  }

  private redirect(res: IncomingMessage, next: string, method: string, status: number): void {
    res.resume()
    if (++this.redirects > MAX_REDIRECTS) {
      this.failWith('exceed max redirect count', WX_ERRNO.MAX_REDIRECTS)
      return
    }
    if (!this.profile.redirectStart) this.profile.redirectStart = this.profile.fetchStart
    this.profile.redirectEnd = now()
    this.profile.collect()
    const toGet =
      status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST'
    this.send(next, toGet ? 'GET' : method, false)
  }

  /** `task.abort()`: fails with `<api>:fail abort` unless already settled. */
  abort(): void {
    this.failWith('abort', WX_ERRNO.CANCEL)
  }

  interrupt(reason: string, errno: number): void {
    this.failWith(reason, errno)
  }

  private succeed(result: object): void {
    if (this.settled) return
    this.cleanup()
    const value = { ...result, errMsg: `${this.spec.api}:ok` }
    queueMicrotask(() => deliverSuccess(this.spec.callbacks, value))
  }

  private failWith(reason: string, errno: number): void {
    if (this.settled) return
    this.finishFail(failure(this.spec.api, reason, errno))
  }

  private finishFail(error: WxFailure): void {
    if (this.settled) return
    this.cleanup()
    this.req?.destroy()
    this.res?.destroy()
    this.spec.onFail?.()
    queueMicrotask(() => deliverFail(this.spec.callbacks, error.toResult()))
  }

  private cleanup(): void {
    this.settled = true
    this.rt.clearTimer(this.timer)
    this.ticket?.release()
    this.rt.tasks.delete(this)
  }
}
