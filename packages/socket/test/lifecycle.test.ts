/**
 * Time logic on a real connection, with fake timers: a manual close that stays closed, the
 * heartbeat's pong timeout, app hide/show and network loss, attempts and their reset. wx-node
 * runs its background interrupt on the same fake clock; the network itself stays real.
 */
import { useIntegration } from '@miniwire/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSocket, type SocketError, type SocketOptions } from '../src'
import { collect, dialled, next, record } from './helpers'

const env = useIntegration()
const made: Array<{ close(): void }> = []

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
})
afterEach(() => {
  for (const socket of made.splice(0)) socket.close()
  vi.useRealTimers()
  env.server.control.answerPings(true)
})

function open(extra: Partial<SocketOptions> = {}) {
  const socket = createSocket({
    wx: env.wx,
    url: `${env.server.wsUrl}?token=${env.server.issueTokens().accessToken}`,
    heartbeat: false,
    reconnect: { minDelay: 100, maxDelay: 1000 },
    ...extra,
  })
  made.push(socket)
  return socket
}

const minutes = (n: number) => vi.advanceTimersByTimeAsync(n * 60_000)

describe('reconnecting, on a fake clock', () => {
  it('should never reconnect after a manual close, however long it waits (seed defect 6)', async () => {
    const socket = open()
    await next(socket, 'open')
    const reconnecting = record(socket, 'reconnecting')
    socket.close()
    await expect.poll(() => env.server.control.socketCount()).toBe(0)
    await minutes(10)
    expect(socket.state).toBe('closed')
    expect(reconnecting).toEqual([])
    expect(dialled(env.wx)).toHaveLength(1)
  })

  it('should close and reconnect a connection whose server stops answering pings (reconnecting-websocket#98)', async () => {
    const socket = open({ heartbeat: { interval: 1000, timeout: 500 } })
    await next(socket, 'open')
    env.server.control.answerPings(false)
    const closed = next(socket, 'close')
    const reopened = collect(socket, 'open', 1)
    await vi.advanceTimersByTimeAsync(2600)
    expect(await closed).toEqual({ code: 1006, reason: 'heartbeat timeout' })
    await vi.advanceTimersByTimeAsync(1000)
    await reopened
    expect(dialled(env.wx)).toHaveLength(2)
  })

  it('should keep a connection whose server answers pings', async () => {
    let pongs = 0
    const socket = open({
      heartbeat: {
        interval: 1000,
        timeout: 500,
        isPong: (m) => m.type === 'pong' && ++pongs > 0,
      },
    })
    await next(socket, 'open')
    for (let beat = 1; beat <= 3; beat++) {
      await vi.advanceTimersByTimeAsync(2000)
      await expect.poll(() => pongs).toBe(beat)
    }
    await vi.advanceTimersByTimeAsync(600)
    expect(socket.state).toBe('open')
    expect(dialled(env.wx)).toHaveLength(1)
  })

  it('should not reconnect while the app is hidden, and reconnect at once on show (weapp.socket.io#10)', async () => {
    let pings = 0
    const socket = open({
      heartbeat: { interval: 1000, timeout: 500, ping: () => ({ type: 'ping', n: ++pings }) },
    })
    await next(socket, 'open')
    const closed = next(socket, 'close')
    env.wx.$control.hideApp()
    await vi.advanceTimersByTimeAsync(4900)
    expect(pings).toBe(0) // the heartbeat pauses while hidden
    await vi.advanceTimersByTimeAsync(100) // wx drops sockets 5 s after the app hides
    expect((await closed).code).toBe(1006)
    await minutes(10)
    expect(dialled(env.wx)).toHaveLength(1)
    expect(socket.state).toBe('reconnecting')
    const reopened = next(socket, 'open')
    env.wx.$control.showApp()
    await reopened // no clock advanced: at once
    expect(dialled(env.wx)).toHaveLength(2)
  })

  it('should wait while offline and reconnect at once when the network returns', async () => {
    const socket = open()
    await next(socket, 'open')
    const closed = next(socket, 'close')
    env.wx.$control.setOnline(false)
    expect(await closed).toMatchObject({ code: 1006 })
    await minutes(10)
    expect(dialled(env.wx)).toHaveLength(1)
    const reopened = next(socket, 'open')
    env.wx.$control.setOnline(true)
    await reopened
    expect(dialled(env.wx)).toHaveLength(2)
  })

  it('should give up after the configured attempts with a gave-up error', async () => {
    const socket = createSocket({
      wx: env.wx,
      url: `${env.server.wsUrl}?token=not-a-token`,
      heartbeat: false,
      reconnect: { minDelay: 100, maxDelay: 1000, attempts: 2 },
    })
    made.push(socket)
    const errors = record<SocketError>(socket, 'error')
    const attempts = record(socket, 'reconnecting')
    for (let i = 0; i < 5; i++) {
      await expect.poll(() => dialled(env.wx).length >= Math.min(i + 1, 3)).toBe(true)
      await vi.advanceTimersByTimeAsync(1000)
    }
    await expect.poll(() => socket.state).toBe('closed')
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2])
    expect(dialled(env.wx)).toHaveLength(3)
    expect(errors.at(-1)!.reason).toBe('gave-up')
  })

  it('should reset the attempt count after a stable connection', async () => {
    const socket = open({ reconnect: { minDelay: 100, maxDelay: 1000, stableAfter: 5000 } })
    await next(socket, 'open')
    const attempts = record<{ attempt: number }>(socket, 'reconnecting')
    const drop = async () => {
      const reopened = next(socket, 'open')
      env.server.control.dropSockets()
      await expect.poll(() => socket.state).toBe('reconnecting')
      await vi.advanceTimersByTimeAsync(1000)
      await reopened
    }
    await drop()
    await drop() // not yet stable: the second attempt in a row
    await vi.advanceTimersByTimeAsync(5000)
    await drop() // stable for 5 s: counting starts again
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 1])
  })
})
