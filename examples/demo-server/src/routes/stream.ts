/**
 * `/stream/*`: bodies that arrive over time, for `@miniwire/stream` and core's chunk hooks. A
 * chat completion streamed token by token as server-sent events (ending with `[DONE]`), NDJSON
 * (optionally with a broken line), a slow producer, a connection dropped mid-stream and an SSE
 * feed with ids that resumes after `Last-Event-ID`. Each write is flushed as its own chunk; a
 * `key` scopes the counters read from `/stream/stats` (how many streams started, finished, or
 * were cut off by the client), so a test can see that an abort reached the server.
 */
import type { ServerResponse } from 'node:http'
import Router from '@koa/router'
import { ok, validationError } from '../envelope'
import { optionalAuth } from '../middleware/auth'
import type { AppState, Ctx, DemoState } from '../state'
import { intQuery, queryString } from '../validate'

/** The default answer of `/stream/chat`. */
export const CHAT_TEXT = '你好！我是迷你助手。流式输出让回答一个字一个字地出现，😊 祝你编码愉快。'

/**
 * An event stream that exercises every parsing rule: a BOM, comments, CRLF / LF / CR line
 * ends, `retry` (valid and not), `event`, multi-line `data`, `id` (empty, and with U+0000),
 * lines without a colon, unknown fields, Chinese and emoji, an event with no data and an
 * unterminated last event. `/stream/fixture?at=3,7` sends it cut at those byte offsets.
 */
export const SSE_FIXTURE =
  '\ufeff: hello 评论\r\nretry: 2500\r\nretry: abc\r\nevent: 问候\r\ndata: 你好，世界\r\nid: 1\r\n\r\n' +
  'data: 第一行\ndata:第二行\ndata:  两个空格\nid: 2\n\n' +
  'data: 😊 emoji\rid\r\r' +
  'nonsense line without colon\n:comment only\ndata\n\n' +
  'event: 空\n\n' +
  'id: 3\u0000x\ndata: after NUL id\nfoo: unknown field\n\n' +
  'data: 末尾\r\n\r\ndata: unterminated event discarded'

interface StreamStats {
  started: number
  completed: number
  closedEarly: number
  /** `Last-Event-ID` of each `/stream/feed` connection, `null` when none was sent. */
  lastEventIds: Array<string | null>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function streamRoutes(state: DemoState): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/stream' })
  router.use(optionalAuth(state))
  const stats = new Map<string, StreamStats>()
  const statsOf = (ctx: Ctx): StreamStats => {
    const key = queryString(ctx.query.key) || 'default'
    let entry = stats.get(key)
    if (!entry) {
      entry = { started: 0, completed: 0, closedEarly: 0, lastEventIds: [] }
      stats.set(key, entry)
    }
    return entry
  }

  /**
   * Takes over the response and runs `produce`, which writes with `write` (false once the
   * client went away) and may `drop()` the connection without ending the body.
   */
  const run = (
    ctx: Ctx,
    type: string,
    produce: (io: {
      write(text: string): Promise<boolean>
      writeBytes(bytes: Uint8Array): Promise<boolean>
      drop(): void
    }) => Promise<void>,
  ) => {
    const entry = statsOf(ctx)
    entry.started++
    const res: ServerResponse = ctx.res
    ctx.respond = false
    res.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    })
    res.flushHeaders()
    let gone = false
    res.on('close', () => {
      if (!res.writableEnded) {
        gone = true
        entry.closedEarly++
      }
    })
    const io = {
      write: (text: string) => io.writeBytes(Buffer.from(text, 'utf8')),
      async writeBytes(bytes: Uint8Array): Promise<boolean> {
        if (gone) return false
        res.write(bytes)
        // One event loop turn per write, so each write leaves as its own TCP segment.
        await sleep(1)
        return !gone
      },
      drop() {
        gone = true
        res.socket?.destroy()
      },
    }
    void produce(io).then(() => {
      if (gone) return
      res.end()
      entry.completed++
    })
  }

  router.get('/stats', (ctx) => {
    const { started, completed, closedEarly, lastEventIds } = statsOf(ctx)
    ctx.body = ok({ started, completed, closedEarly, lastEventIds })
  })

  router.get('/fixture', (ctx) => {
    const bytes = Buffer.from(SSE_FIXTURE, 'utf8')
    const raw = queryString(ctx.query.at) ?? ''
    const cuts = raw === '' ? [] : raw.split(',').map(Number)
    if (cuts.some((n) => !Number.isInteger(n) || n < 0 || n > bytes.length)) {
      throw validationError({ at: `at must list byte offsets from 0 to ${bytes.length}` })
    }
    const ends = [...cuts.sort((a, b) => a - b), bytes.length]
    run(ctx, 'text/event-stream', async (io) => {
      let start = 0
      for (const end of ends) {
        if (end > start && !(await io.writeBytes(bytes.subarray(start, end)))) return
        start = Math.max(start, end)
      }
    })
  })

  // A chat completion: one SSE event per character, `data: [DONE]` at the end.
  router.get('/chat', (ctx) => {
    const text = queryString(ctx.query.text) || CHAT_TEXT
    const delay = intQuery(ctx, 'delay', 0, 0, 10_000)
    const who = ctx.state.user ? ctx.state.user.username : null
    run(ctx, 'text/event-stream; charset=utf-8', async (io) => {
      await io.write(': chat completion\n\n')
      const chars = Array.from(text)
      for (let i = 0; i < chars.length; i++) {
        const delta = {
          id: 'chatcmpl-1',
          user: who,
          choices: [{ index: 0, delta: { content: chars[i] } }],
        }
        if (!(await io.write(`data: ${JSON.stringify(delta)}\n\n`))) return
        if (delay) await sleep(delay)
      }
      await io.write('data: [DONE]\n\n')
    })
  })

  // NDJSON: `count` objects, line `bad` (1-based) broken on purpose.
  router.get('/ndjson', (ctx) => {
    const count = intQuery(ctx, 'count', 5, 0, 10_000)
    const bad = intQuery(ctx, 'bad', 0, 0, 10_000)
    run(ctx, 'application/x-ndjson', async (io) => {
      for (let n = 1; n <= count; n++) {
        const line = n === bad ? `{"n":${n},` : JSON.stringify({ n, text: `第${n}行` })
        if (!(await io.write(`${line}\n`))) return
      }
    })
  })

  // A slow producer: `count` events, `interval` ms apart.
  router.get('/slow', (ctx) => {
    const count = intQuery(ctx, 'count', 100, 1, 100_000)
    const interval = intQuery(ctx, 'interval', 50, 0, 60_000)
    run(ctx, 'text/event-stream', async (io) => {
      for (let n = 1; n <= count; n++) {
        if (!(await io.write(`data: tick ${n}\n\n`))) return
        await sleep(interval)
      }
    })
  })

  // `after` events, then the connection is destroyed with no end of body.
  router.get('/drop', (ctx) => {
    const after = intQuery(ctx, 'after', 2, 0, 1000)
    const type =
      queryString(ctx.query.type) === 'ndjson' ? 'application/x-ndjson' : 'text/event-stream'
    run(ctx, type, async (io) => {
      for (let n = 1; n <= after; n++) {
        const text = type === 'text/event-stream' ? `data: ${n}\n\n` : `{"n":${n}}\n`
        if (!(await io.write(text))) return
      }
      io.drop()
    })
  })

  /**
   * An SSE feed of events 1..`count` with ids, resumed after `Last-Event-ID`; each connection
   * sends at most `per` events and then drops, and the first tells the client `retry`.
   * The last event is `data: [DONE]`.
   */
  router.get('/feed', (ctx) => {
    const count = intQuery(ctx, 'count', 6, 1, 10_000)
    const per = intQuery(ctx, 'per', 1_000_000, 1, 1_000_000)
    const retry = intQuery(ctx, 'retry', 10, 0, 60_000)
    const last = ctx.get('last-event-id')
    statsOf(ctx).lastEventIds.push(last === '' ? null : last)
    const from = last === '' ? 1 : Number(last) + 1
    run(ctx, 'text/event-stream', async (io) => {
      if (from === 1) await io.write(`retry: ${retry}\n\n`)
      let sent = 0
      for (let n = from; n <= count; n++) {
        if (sent === per) return io.drop()
        const data = n === count ? '[DONE]' : `第${n}条`
        if (!(await io.write(`id: ${n}\nevent: item\ndata: ${data}\n\n`))) return
        sent++
      }
    })
  })

  return router
}
