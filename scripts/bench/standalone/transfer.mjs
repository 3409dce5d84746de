#!/usr/bin/env node
// @miniwire/transfer benchmarks (run after `pnpm build`, with `node --expose-gc`):
//
// 1. Throughput. One file sent by a single wx.uploadFile (the floor: one multipart stream) and by
//    uploadChunked() over tus and over chunk-and-merge, in interleaved rounds against the demo
//    server in this process, through wx-node. MB/s = bytes / CPU seconds of the whole process
//    (process.cpuUsage, user + system): client and server work both count, and each upload's
//    clock runs until its own garbage is collected and freed (see measure()). Budget: chunked
//    ≥ 0.8 × the floor.
// 2. Peak memory of uploadChunked() for a 100 MB file: the live heap + external memory sampled
//    every 50 ms while it runs, above the level before it. Each sample forces two collections:
//    V8 frees a dead ArrayBuffer's memory on a helper thread after the collection that found it
//    (so right after one gc() `external` still counts the parts already sent, which read as
//    +6 to +12 MB), and a collection first finishes the previous one's freeing; after the
//    second, only live memory is counted (run with --single-threaded-gc: the same figure). Budget: ≤ 4 × concurrency × chunkSize.
//    The demo server runs in a child process for this part (examples/demo-server's cli), so the
//    figure is the client's alone: transfer + wx-node in this process.
//
// wx-node reads a slice at its position (open + read), streams getFileInfo through the hash and
// logs a request's binary body by its size, as a phone keeps no bytes around: the figures
// measure transfer, not the emulator.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, openSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const transfer = require('../../../packages/transfer/dist/index.js')
const { createWx } = require('../../../packages/wx-node/dist/index.js')
const { startDemoServer } = require('../../../examples/demo-server/dist/index.js')

const MB = 1024 * 1024
const SIZE = Number(process.env.BENCH_MB ?? 32) * MB
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const CHUNK = Number(process.env.BENCH_CHUNK_MB ?? 4) * MB
const CONCURRENCY = 3

/** A file of `size` bytes that differs per `seed` (so chunk-and-merge never answers instantly). */
function writeFile(wx, size, seed) {
  const path = wx.$control.writeTempFile(`bench-${seed}.bin`, Buffer.alloc(0))
  const block = Buffer.alloc(MB)
  for (let i = 0; i < MB; i += 4) block.writeUInt32LE((i * 2654435761 + seed * 97) >>> 0, i)
  const fd = openSync(wx.$control.resolvePath(path), 'w')
  for (let at = 0; at < size; at += MB) {
    block.writeUInt32LE(at + seed, 0)
    writeFileSync(fd, block.subarray(0, Math.min(MB, size - at)))
  }
  closeSync(fd)
  return path
}

const cpu = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`

const server = await startDemoServer()
const wx = createWx()
const client = { wx }

function uploadFileOnce(path) {
  return new Promise((resolve, reject) =>
    wx.uploadFile({
      url: `${server.url}/upload`,
      filePath: path,
      name: 'file',
      success: (res) => (res.statusCode === 200 ? resolve(res) : reject(new Error(res.data))),
      fail: reject,
    }),
  )
}

let seed = 1
const sides = {
  'one wx.uploadFile (floor)': (path) => uploadFileOnce(path),
  'uploadChunked tus()': (path) =>
    transfer.uploadChunked(path, {
      ...client,
      url: `${server.url}/tus/`,
      protocol: transfer.tus(),
      chunkSize: CHUNK,
      resume: false,
    }),
  'uploadChunked chunkMerge()': (path) =>
    transfer.uploadChunked(path, {
      ...client,
      url: `${server.url}/upload/chunked`,
      chunkSize: CHUNK,
      concurrency: CONCURRENCY,
      resume: false,
    }),
}

/** A fresh file (written before the clock starts), uploaded once: MB per CPU second. */
async function measure(fn) {
  const path = writeFile(wx, SIZE, seed++)
  const start = cpu()
  await fn(path)
  // Each side pays for collecting its own garbage, on its own clock: two collections, as V8
  // frees a dead ArrayBuffer's memory on a helper thread after the collection that found it.
  // (One gc() before the clock, as before, left that freeing of the previous side's parts to
  // run during the next side's timing.)
  global.gc?.()
  global.gc?.()
  const seconds = cpu() - start
  wx.getFileSystemManager().unlinkSync(path)
  return SIZE / MB / seconds
}

const results = Object.fromEntries(Object.keys(sides).map((k) => [k, []]))
const ratios = { tus: [], chunkMerge: [] }
await measure(sides['one wx.uploadFile (floor)']) // warm up
for (let r = 0; r < ROUNDS; r++) {
  const round = {}
  for (const [name, fn] of Object.entries(sides)) {
    round[name] = await measure(fn)
    results[name].push(round[name])
  }
  const floor = round['one wx.uploadFile (floor)']
  ratios.tus.push(round['uploadChunked tus()'] / floor)
  ratios.chunkMerge.push(round['uploadChunked chunkMerge()'] / floor)
}

console.log(
  `throughput: ${SIZE / MB} MB file, chunkSize ${CHUNK / MB} MB, concurrency ${CONCURRENCY}, ${ROUNDS} interleaved rounds, MB per CPU second (client + server in this process)`,
)
for (const [name, xs] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(28)} median ${median(xs).toFixed(2).padStart(7)} MB/s  range ${range(xs)}`,
  )
}
for (const [name, xs] of Object.entries(ratios)) {
  const m = median(xs)
  console.log(
    `  ratio ${name.padEnd(10)} / floor: median ${m.toFixed(2)}  range ${range(xs)}  budget ≥ 0.80  ${m >= 0.8 ? 'OK' : 'OVER'}`,
  )
}

// Peak memory for a 100 MB file.
const BIG = 100 * MB
const MEM_CHUNK = 1 * MB
const budget = 4 * CONCURRENCY * MEM_CHUNK
const used = () => {
  const m = process.memoryUsage()
  return m.heapUsed + m.external
}
/** The demo server in a child process (`dist/cli.js --port 0`): its URL and how to stop it. */
async function childServer() {
  const cli = require.resolve('../../../examples/demo-server/dist/cli.js')
  const child = spawn(process.execPath, [cli, '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (text) => {
      out += text
      const found = /http:\/\/[\d.]+:\d+/.exec(out)
      if (found) resolve(found[0])
    })
    child.on('exit', () => reject(new Error(`the demo server did not start: ${out}`)))
  })
  const close = () => {
    child.kill()
    return once(child, 'exit')
  }
  return { url, close }
}
const remote = await childServer()
for (const [name, protocol, url, extra] of [
  ['chunkMerge()', transfer.chunkMerge(), `${remote.url}/upload/chunked`, {}],
  ['tus()', transfer.tus(), `${remote.url}/tus/`, {}],
]) {
  const path = writeFile(wx, BIG, seed++)
  const live = () => {
    global.gc?.()
    global.gc?.()
    return used()
  }
  const base = live()
  let peak = base
  const sampler = setInterval(() => {
    peak = Math.max(peak, live())
  }, 50)
  await transfer.uploadChunked(path, {
    wx,
    url,
    protocol,
    chunkSize: MEM_CHUNK,
    concurrency: CONCURRENCY,
    resume: false,
    timeout: 600_000,
    ...extra,
  })
  clearInterval(sampler)
  const over = peak - base
  console.log(
    `peak memory ${name.padEnd(13)} 100 MB file, chunkSize 1 MB × ${CONCURRENCY}: +${(over / MB).toFixed(1)} MB (client: heap + external, server in a child process, gc ${global.gc ? 'on' : 'OFF: run with --expose-gc'})  budget ≤ ${(budget / MB).toFixed(0)} MB  ${over <= budget ? 'OK' : 'OVER'}`,
  )
}

await remote.close()
await wx.$dispose()
await server.close()
