#!/usr/bin/env node
// @miniwire/socket throughput and memory, run after a build:
//   node --expose-gc scripts/bench/standalone/socket.mjs
// Throughput: messages/s through createSocket() against a raw wx SocketTask, both on wx-node
// to a ws echo server on loopback in a child process (so this process's CPU time is the
// client's alone). Both sides do what an app does: JSON out, JSON in. Interleaved rounds,
// CPU time by process.cpuUsage(); budget: manager ≥ 0.8 × raw.
// Memory: a 10k-message burst while offline, repeated, keeps the heap flat (the queue is
// bounded by count and bytes).
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const root = join(import.meta.dirname, '../../..')
const require = createRequire(import.meta.url)
const { createWx } = require(join(root, 'packages/wx-node/dist/index.js'))
const { createSocket } = require(join(root, 'packages/socket/dist/index.js'))
const wsPath = createRequire(join(root, 'packages/wx-node/package.json')).resolve('ws')

const N = Number(process.env.BENCH_N ?? 5000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const BUDGET = 0.8

// The echo server, in a child process.
const server = spawn(
  process.execPath,
  [
    '-e',
    `const { WebSocketServer } = require(${JSON.stringify(wsPath)});
     const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
     wss.on('listening', () => console.log(wss.address().port));
     wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
)
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(d))))
const url = `ws://127.0.0.1:${port}/`
const wx = createWx()

/** A raw SocketTask: the app stringifies and parses itself. */
async function rawSide() {
  const task = wx.connectSocket({ url })
  let onMessage = () => {}
  task.onMessage((res) => onMessage(JSON.parse(res.data)))
  await new Promise((resolve) => task.onOpen(resolve))
  return {
    run: (n) =>
      new Promise((resolve) => {
        let got = 0
        onMessage = () => {
          if (++got === n) resolve()
        }
        for (let i = 0; i < n; i++) task.send({ data: JSON.stringify({ type: 'chat', i }) })
      }),
  }
}

/** The manager: JSON codec, routing by type, heartbeat on (default interval). */
async function managerSide() {
  const socket = createSocket({ wx, url })
  await new Promise((resolve) => socket.once('open', resolve))
  let onChat = () => {}
  socket.on('chat', () => onChat())
  return {
    close: () => socket.close(),
    run: (n) =>
      new Promise((resolve) => {
        let got = 0
        onChat = () => {
          if (++got === n) resolve()
        }
        for (let i = 0; i < n; i++) socket.send({ type: 'chat', i })
      }),
  }
}

function cpu() {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

async function rate(side, n) {
  const start = cpu()
  await side.run(n)
  return n / (cpu() - start)
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
const range = (xs) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`

const raw = await rawSide()
const manager = await managerSide()
await raw.run(N) // warm up
await manager.run(N)
const rawRates = []
const managerRates = []
const ratios = []
for (let r = 0; r < ROUNDS; r++) {
  const first = r % 2 === 0
  const a = first ? await rate(raw, N) : undefined
  const m = await rate(manager, N)
  const b = first ? a : await rate(raw, N)
  rawRates.push(b)
  managerRates.push(m)
  ratios.push(m / b)
}
const ratio = median(ratios)
console.log(
  `socket throughput, ${N} JSON messages echoed per round, ${ROUNDS} interleaved rounds (CPU time)`,
)
console.log(
  `  raw SocketTask      median ${Math.round(median(rawRates))} msgs/s  range ${range(rawRates)}`,
)
console.log(
  `  createSocket()      median ${Math.round(median(managerRates))} msgs/s  range ${range(managerRates)}`,
)
console.log(
  `  manager / raw       median ${ratio.toFixed(2)}  range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}  budget ≥ ${BUDGET}  ${ratio >= BUDGET ? 'OK' : 'OVER'}`,
)

// Memory: bursts of 10k messages while offline.
const BURST = 10_000
const offline = createSocket({ wx, url: `${url}?offline`, autoConnect: false })
let dropped = 0
offline.on('error', () => dropped++)
const gc = globalThis.gc ?? (() => {})
const heap = () => {
  gc()
  return process.memoryUsage().heapUsed / 1048576
}
const base = heap()
const after = []
for (let burst = 0; burst < 5; burst++) {
  for (let i = 0; i < BURST; i++)
    offline.send({ type: 'chat', text: `offline message ${i}`, burst })
  after.push(heap() - base)
}
const grew = after[after.length - 1] - after[0]
console.log(`offline burst, ${BURST} messages × 5 (default queue: 1000 messages, 1 MB)`)
console.log(
  `  queued ${offline.queued}, dropped and reported ${dropped}; heap over baseline per burst: ${after.map((mb) => mb.toFixed(2)).join(', ')} MB`,
)
console.log(
  `  growth from burst 1 to 5: ${grew.toFixed(2)} MB  budget ≤ 1 MB  ${grew <= 1 ? 'OK' : 'OVER'}`,
)
if (!globalThis.gc) console.log('  (run with --expose-gc for exact heap figures)')

offline.release()
manager.close()
await wx.$dispose()
server.kill()
