#!/usr/bin/env node
// Pipeline overhead benchmarks, measured side by side in one process so that the machine's
// noise hits both sides alike. Reports medians of alternating rounds and the difference.
// Budget (DESIGN.md): bare core adds at most 300 ns per request over a raw promisified wx.request.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const core = require('../packages/core/dist/index.js')

/** The same fake wx.request for every side: answers on the next microtask, like a cache hit. */
function createBenchWx() {
  const header = { 'content-type': 'application/json' }
  return {
    request(options) {
      Promise.resolve().then(() => {
        options.success?.({
          statusCode: 200,
          data: { id: 1, name: 'demo' },
          header,
          cookies: [],
          errMsg: 'request:ok',
        })
        options.complete?.({ errMsg: 'request:ok' })
      })
      return {
        abort() {},
        onHeadersReceived() {},
        offHeadersReceived() {},
        onChunkReceived() {},
        offChunkReceived() {},
      }
    },
  }
}

const wx = createBenchWx()
const rawRequest = (url) =>
  new Promise((resolve, reject) =>
    wx.request({
      url,
      method: 'GET',
      header: {},
      success: (res) => resolve(res.data),
      fail: reject,
    }),
  )
const client = core.createClient({ wx, baseURL: 'https://api.example.com' })

const sides = {
  'raw promisified wx.request': () => rawRequest('https://api.example.com/users/1'),
  'bare core client.get': () => client.get('/users/1'),
}

async function round(fn, n) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) await fn()
  return Number(process.hrtime.bigint() - start) / n
}

const N = Number(process.env.BENCH_N ?? 20_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const RAW = 'raw promisified wx.request'
const CORE = 'bare core client.get'

for (const fn of Object.values(sides)) await round(fn, N) // warm up the JIT
const results = Object.fromEntries(Object.keys(sides).map((k) => [k, []]))
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of Object.entries(sides)) results[name].push(await round(fn, N))
}

console.log(`sequential awaited requests, ${N} per round, ${ROUNDS} alternating rounds, medians:`)
const raw = median(results[RAW])
for (const [name, xs] of Object.entries(results)) {
  const m = median(xs)
  console.log(
    `  ${name.padEnd(30)} ${m.toFixed(0).padStart(6)} ns/req  (${(m / raw).toFixed(2)}× raw)`,
  )
}
// Each round's core time minus the raw time measured right beside it: the machine's drift
// between rounds cancels out, so this median is steadier than the difference of the medians.
const overhead = median(results[CORE].map((t, i) => t - results[RAW][i]))
const ratio = median(results[CORE].map((t, i) => t / results[RAW][i]))
const budget = 300
console.log(
  `bare core overhead: ${overhead.toFixed(0)} ns/request, ${ratio.toFixed(2)}× raw (median of per-round pairs; budget ≤ ${budget} ns) ${overhead <= budget ? 'OK' : 'OVER BUDGET'}`,
)
