/**
 * `profile` with real timings and byte counts, as wx reports them: epoch milliseconds for each
 * phase and the bytes that actually crossed the socket (headers included). Phases that did not
 * happen (no DNS lookup for 127.0.0.1, no TLS over http) take the time of the phase before,
 * as browsers' Resource Timing does.
 */
import type { Socket } from 'node:net'

/** Epoch milliseconds with sub-millisecond precision. */
export function now(): number {
  return performance.timeOrigin + performance.now()
}

export class ProfileRecorder {
  invokeStart = now()
  queueStart = this.invokeStart
  queueEnd = this.invokeStart
  fetchStart = 0
  redirectStart = 0
  redirectEnd = 0
  domainLookUpStart = 0
  domainLookUpEnd = 0
  connectStart = 0
  connectEnd = 0
  SSLconnectionStart = 0
  SSLconnectionEnd = 0
  requestStart = 0
  requestEnd = 0
  responseStart = 0
  responseEnd = 0
  peerIP = ''
  port = 0
  socketReused = false
  private sent = 0
  private received = 0
  private socket: Socket | undefined
  private baseWritten = 0
  private baseRead = 0

  /** Follows one socket's connection phases; called when the request gets its socket. */
  attach(socket: Socket, reused: boolean, secure: boolean): void {
    this.collect()
    this.socket = socket
    this.baseWritten = socket.bytesWritten
    this.baseRead = socket.bytesRead
    this.socketReused = reused
    const t = now()
    this.domainLookUpStart = t
    this.domainLookUpEnd = t
    this.connectStart = t
    this.connectEnd = t
    this.SSLconnectionStart = t
    this.SSLconnectionEnd = t
    this.requestStart = t
    if (reused || !socket.connecting) return
    socket.once('lookup', () => {
      this.domainLookUpEnd = now()
      this.connectStart = this.domainLookUpEnd
    })
    socket.once('connect', () => {
      this.connectEnd = now()
      this.SSLconnectionStart = this.connectEnd
      this.SSLconnectionEnd = this.connectEnd
      this.requestStart = this.connectEnd
    })
    if (secure) {
      socket.once('secureConnect', () => {
        this.SSLconnectionEnd = now()
        this.requestStart = this.SSLconnectionEnd
      })
    }
  }

  /** Adds the current socket's byte counts to the totals (before a redirect or at the end). */
  collect(): void {
    if (!this.socket) return
    this.sent += this.socket.bytesWritten - this.baseWritten
    this.received += this.socket.bytesRead - this.baseRead
    this.peerIP = this.socket.remoteAddress ?? this.peerIP
    this.port = this.socket.remotePort ?? this.port
    this.socket = undefined
  }

  /** The `profile` object wx gives in success results. */
  snapshot(): WechatMiniprogram.RequestProfile {
    this.collect()
    const rtt = Math.max(0, Math.round(this.responseStart - this.requestEnd))
    return {
      invokeStart: this.invokeStart,
      queueStart: this.queueStart,
      queueEnd: this.queueEnd,
      fetchStart: this.fetchStart,
      redirectStart: this.redirectStart,
      redirectEnd: this.redirectEnd,
      domainLookUpStart: this.domainLookUpStart,
      domainLookUpEnd: this.domainLookUpEnd,
      httpDNSDomainLookUpStart: 0,
      httpDNSDomainLookUpEnd: 0,
      connectStart: this.connectStart,
      connectEnd: this.connectEnd,
      SSLconnectionStart: this.SSLconnectionStart,
      SSLconnectionEnd: this.SSLconnectionEnd,
      requestStart: this.requestStart,
      requestEnd: this.requestEnd,
      responseStart: this.responseStart,
      responseEnd: this.responseEnd,
      rtt,
      httpRttEstimate: rtt,
      transportRttEstimate: rtt,
      estimate_nettype: 5,
      downstreamThroughputKbpsEstimate: 0,
      throughputKbps: 0,
      peerIP: this.peerIP,
      port: this.port,
      protocol: 'http1.1',
      socketReused: this.socketReused,
      sendBytesCount: this.sent,
      receivedBytedCount: this.received,
      usingHighPerformanceMode: false,
    }
  }
}
