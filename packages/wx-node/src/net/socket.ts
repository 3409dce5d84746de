/**
 * `wx.connectSocket` over `ws`: at most 5 sockets, `header` and `protocols` on the handshake,
 * text and ArrayBuffer messages, `close(code, reason)` with the browser's code and reason
 * checks, and `onOpen` / `onMessage` / `onError` / `onClose`. A socket that cannot be made
 * (bad URL, limit, offline) still reports through `onError` then `onClose`, so socket
 * managers that only listen to the task see the failure. Sockets the runtime drops (app
 * hidden too long, offline, dispose) close with code 1006.
 */
import WebSocket from 'ws'
import { type CallbackOptions, deliverFail, deliverSuccess, invoke } from '../callbacks'
import { failure, WX_ERRNO, type WxFailure } from '../errno'
import type { LiveSocket, Runtime } from '../runtime'
import { normaliseHeaders } from './encode'
import { headerObject } from './exchange'
import { Listeners } from '../listeners'
import { OFFLINE_REASON } from './net-errors'
import { now } from './profile'

type Close = WechatMiniprogram.SocketTaskOnCloseListenerResult
type Message = WechatMiniprogram.SocketTaskOnMessageListenerResult

function closeProblem(code: number, reason: string): string | undefined {
  if (code !== 1000 && !(code >= 3000 && code <= 4999)) {
    return `The code must be either 1000, or between 3000 and 4999. ${code} is neither.`
  }
  if (Buffer.byteLength(reason) > 123) return 'The message must not be greater than 123 bytes.'
  return undefined
}

function precheck(rt: Runtime, url: string): WxFailure | undefined {
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {}
  if (!parsed || (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')) {
    return failure('connectSocket', `invalid url "${url}"`, WX_ERRNO.INVALID_URL)
  }
  if (!rt.online) return failure('connectSocket', OFFLINE_REASON, WX_ERRNO.UNKNOWN_NETWORK)
  if (rt.backgroundInterrupted) return failure('connectSocket', 'interrupted', WX_ERRNO.INTERRUPTED)
  if (rt.sockets.size >= rt.options.maxSockets) {
    return failure('connectSocket', `exceed max socket count ${rt.options.maxSockets}`)
  }
  return undefined
}

export function createConnectSocket(rt: Runtime) {
  return function connectSocket(
    option: WechatMiniprogram.ConnectSocketOption,
  ): WechatMiniprogram.SocketTask {
    if (!option || typeof option !== 'object')
      throw new TypeError('wx.connectSocket expects an options object')
    const callbacks = option as unknown as CallbackOptions
    const url = String(option.url ?? '')
    rt.record('network', 'connectSocket', { url, protocols: option.protocols })
    const open = new Listeners<WechatMiniprogram.OnOpenListenerResult>()
    const message = new Listeners<Message>()
    const error = new Listeners<{ errMsg: string }>()
    const close = new Listeners<Close>()
    let ws: WebSocket | undefined
    let closed = false
    let override: Close | undefined
    let header: Record<string, string> = {}

    const finish = (result: Close) => {
      if (closed) return
      closed = true
      rt.sockets.delete(live)
      rt.record('network', 'socketClosed', { url, ...result })
      close.emit(result)
    }
    const live: LiveSocket = {
      drop(code, reason) {
        override = { code, reason }
        ws?.terminate()
      },
    }

    const problem = precheck(rt, url)
    if (problem) {
      queueMicrotask(() => {
        deliverFail(callbacks, problem.toResult())
        error.emit({ errMsg: problem.errMsg })
        finish({ code: 1006, reason: problem.errMsg })
      })
    } else {
      const fetchStart = now()
      const socket = new WebSocket(url, option.protocols ?? [], {
        headers: normaliseHeaders(option.header),
        perMessageDeflate: option.perMessageDeflate === true,
        handshakeTimeout: option.timeout ?? 60000,
      })
      ws = socket
      rt.sockets.add(live)
      queueMicrotask(() => deliverSuccess(callbacks, { errMsg: 'connectSocket:ok' }))
      socket.on('upgrade', (res) => {
        header = headerObject(res)
      })
      socket.on('open', () => {
        const t = now()
        const cost = t - fetchStart
        const profile = {
          fetchStart,
          domainLookUpStart: fetchStart,
          domainLookUpEnd: fetchStart,
          connectStart: fetchStart,
          connectEnd: t,
          cost,
          handshakeCost: cost,
          rtt: cost,
        }
        open.emit({ header, profile })
      })
      socket.on('message', (data, isBinary) => {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
        message.emit({ data: isBinary ? new Uint8Array(buf).buffer : buf.toString('utf8') })
      })
      socket.on('error', (e) => {
        if (!override) error.emit({ errMsg: e.message })
      })
      socket.on('close', (code, reason) =>
        finish(override ?? { code, reason: reason.toString('utf8') }),
      )
    }

    return {
      send(o: WechatMiniprogram.SocketTaskSendOption) {
        invoke('sendSocketMessage', o, () => {
          if (!ws || ws.readyState !== WebSocket.OPEN)
            throw failure('sendSocketMessage', 'WebSocket is not connected')
          const data = o?.data as unknown
          if (
            typeof data !== 'string' &&
            !(data instanceof ArrayBuffer) &&
            !ArrayBuffer.isView(data)
          ) {
            throw failure(
              'sendSocketMessage',
              'parameter error: parameter.data should be String or ArrayBuffer',
            )
          }
          const payload = typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer)
          const socket = ws
          return new Promise<object>((resolve, reject) =>
            socket.send(payload, { binary: typeof data !== 'string' }, (e) =>
              e ? reject(failure('sendSocketMessage', e.message)) : resolve({}),
            ),
          )
        })?.catch(() => {})
      },
      close(o: WechatMiniprogram.SocketTaskCloseOption = {}) {
        invoke('closeSocket', o, () => {
          const code = o.code ?? 1000
          const reason = o.reason ?? ''
          const bad = closeProblem(code, reason)
          if (bad) throw failure('closeSocket', bad)
          if (!ws || closed) return {}
          if (ws.readyState === WebSocket.CONNECTING) {
            override = { code, reason }
            ws.terminate()
          } else ws.close(code, reason)
          return {}
        })?.catch(() => {})
      },
      onOpen: (fn) => open.on(fn),
      onMessage: (fn) => message.on(fn),
      onError: (fn) => error.on(fn as (e: { errMsg: string }) => void),
      onClose: (fn) => close.on(fn as (e: Close) => void),
    }
  }
}
