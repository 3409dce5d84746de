#!/usr/bin/env node
// plugin-cache benchmarks, run after a build with `node scripts/bench/standalone/plugin-cache.mjs`.
// Every side runs in this process on the same fake wx.request, in interleaved rounds timed by
// CPU time (process.cpuUsage, user + system), so the machine's noise hits the sides alike.
// Budgets (issue 11): a memory-tier hit is faster than a raw promisified wx.request (the
// floor), and the cache plugin adds at most 300 ns to a miss (core + cache on a miss, paired
// with bare core on the same URLs).
import { createRequire } from 'node:module'
import { createBenchWx } from '../../bench-wx.mjs'

const require = createRequire(import.meta.url)
const core = require('../../../packages/core/dist/index.js')
const { cache } = require('../../../packages/plugin-cache/dist/index.js')

const wx = createBenchWx()
const baseURL = 'https://api.example.com'
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
const bare = core.createClient({ wx, baseURL })
// The cache's own work, apart from core's cost per onion layer: a layer that passes through
// (paired with a miss) and a layer that answers at once without the network (paired with a hit).
const passing = core.createClient({
  wx,
  baseURL,
  plugins: [{ name: 'pass', middleware: (_ctx, next) => next() }],
})
const ANSWER = { status: 200, headers: {}, data: { id: 1, name: 'demo' }, cookies: [] }
const answering = core.createClient({
  wx,
  baseURL,
  plugins: [
    {
      name: 'answer',
      middleware: (ctx) => {
        ctx.response = { ...ANSWER, profile: undefined }
        return Promise.resolve()
      },
    },
  ],
})
const cached = core.createClient({ wx, baseURL, plugins: [cache({ ttl: 1e9 })] })

// Misses walk 1000 URLs on both sides; with the default 100 entries the cache never hits.
const URLS = Array.from({ length: 1000 }, (_, i) => `/users/${i}`)
let next = 0
const url = () => URLS[next++ % URLS.length]

const FLOOR = 'raw promisified wx.request'
const HIT = 'core + cache, memory hit'
const BARE = 'bare core, same URLs'
const MISS = 'core + cache, miss'
const PASS = 'core + pass-through layer'
const ANSWERS = 'core + answering layer'
const sides = {
  [FLOOR]: () => rawRequest(`${baseURL}/users/1`),
  [HIT]: () => cached.get('/users/1'),
  [ANSWERS]: () => answering.get('/users/1'),
  [BARE]: () => bare.get(url()),
  [PASS]: () => passing.get(url()),
  [MISS]: () => cached.get(url()),
}

/** CPU nanoseconds per call over `n` sequential awaited calls. */
async function round(fn, n) {
  const start = process.cpuUsage()
  for (let i = 0; i < n; i++) await fn()
  const used = process.cpuUsage(start)
  return ((used.user + used.system) * 1000) / n
}

const N = Number(process.env.BENCH_N ?? 20_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const range = (xs, digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`

await cached.get('/users/1')
for (const fn of Object.values(sides)) await round(fn, N) // warm up the JIT
const results = Object.fromEntries(Object.keys(sides).map((name) => [name, []]))
for (let r = 0; r < ROUNDS; r++) {
  // Alternate the order so no side always runs first. No forced gc() between sides: a forced
  // full collection deoptimizes the request path (V8 drops optimized code whose embedded maps
  // died with it, "weak objects"), which made bare core read 5.4 µs a request here against
  // 0.7 µs without it.
  const order = Object.entries(sides)
  if (r % 2) order.reverse()
  for (const [name, fn] of order) results[name].push(await round(fn, N))
}

console.log(
  `plugin-cache: ${N} sequential awaited requests per round, ${ROUNDS} interleaved rounds, CPU time`,
)
for (const [name, xs] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(28)} median ${median(xs).toFixed(0).padStart(6)} ns/req  range ${range(xs)}`,
  )
}
const ratios = results[HIT].map((t, i) => t / results[FLOOR][i])
const hitRatio = median(ratios)
console.log(
  `memory hit / raw floor: median ${hitRatio.toFixed(2)}×, range ${range(ratios, 2)} (budget < 1.00×) ${hitRatio < 1 ? 'OK' : 'OVER'}`,
)
const added = results[MISS].map((t, i) => t - results[BARE][i])
const missAdded = median(added)
console.log(
  `cache added to a miss: median ${missAdded.toFixed(0)} ns, range ${range(added)} (budget ≤ 300 ns) ${missAdded <= 300 ? 'OK' : 'OVER'}`,
)
const own = results[MISS].map((t, i) => t - results[PASS][i])
console.log(
  `  the cache's own work on a miss (miss − pass-through layer): median ${median(own).toFixed(0)} ns, range ${range(own)}`,
)
const ownHit = results[HIT].map((t, i) => t - results[ANSWERS][i])
console.log(
  `  the cache's own work on a hit (hit − answering layer): median ${median(ownHit).toFixed(0)} ns, range ${range(ownHit)}`,
)
const stats = require('../../../packages/plugin-cache/dist/index.js').getCache(cached).getStats()
console.log(`  (check: ${stats.hits} hits, ${stats.misses} misses, ${stats.evictions} evictions)`)
