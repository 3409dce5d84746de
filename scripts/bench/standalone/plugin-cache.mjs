#!/usr/bin/env node
// plugin-cache benchmarks, run after a build with `node scripts/bench/standalone/plugin-cache.mjs`.
// Each side runs in a process of its own (this script re-runs itself with `--side K`), paired
// with a raw promisified wx.request (the floor) in interleaved rounds timed by CPU time
// (process.cpuUsage, user + system), as scripts/bench.mjs does: two clients in one process
// make core's call sites polymorphic, which inflated a miss's cost about threefold here. The
// figures that compare two sides subtract their medians over the floor.
// Budgets (issue 11): a memory-tier hit is faster than a raw promisified wx.request (the
// floor), and the cache plugin adds at most 300 ns to a miss (core + cache on a miss, against
// bare core on the same URLs).
import { spawnSync } from 'node:child_process'
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
const HEADERS = {}
const DATA = { id: 1, name: 'demo' }
const COOKIES = []
const answering = core.createClient({
  wx,
  baseURL,
  plugins: [
    {
      name: 'answer',
      middleware: (ctx) => {
        // A literal in the adapter's own shape: an object spread here cost about 1.7 µs a request.
        ctx.response = {
          status: 200,
          headers: HEADERS,
          data: DATA,
          cookies: COOKIES,
          profile: undefined,
        }
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
  [HIT]: () => cached.get('/users/1'),
  [ANSWERS]: () => answering.get('/users/1'),
  [BARE]: () => bare.get(url()),
  [PASS]: () => passing.get(url()),
  [MISS]: () => cached.get(url()),
}
const floor = () => rawRequest(`${baseURL}/users/1`)

/** CPU nanoseconds per call over `n` sequential awaited calls. */
async function round(fn, n) {
  const start = process.cpuUsage()
  for (let i = 0; i < n; i++) await fn()
  const used = process.cpuUsage(start)
  return ((used.user + used.system) * 1000) / n
}

const N = Number(process.env.BENCH_N ?? 20_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)

// Child mode (`--side K`): time side K against the floor in this process only, print JSON,
// exit. Only that side's client ever runs here. No forced gc() between rounds: a forced full
// collection deoptimizes the request path (V8 drops optimized code whose embedded maps died
// with it, "weak objects"), which made bare core read 5.4 µs a request here against 0.7 µs.
const sideArg = process.argv.indexOf('--side')
if (sideArg !== -1) {
  const name = Object.keys(sides)[Number(process.argv[sideArg + 1])]
  const pair = [floor, sides[name]]
  for (const fn of pair) await round(fn, N) // warm up the JIT
  const times = [[], []]
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so neither side always runs first.
    for (let k = 0; k < 2; k++) {
      const i = (r + k) % 2
      times[i].push(await round(pair[i], N))
    }
  }
  const stats = require('../../../packages/plugin-cache/dist/index.js').getCache(cached).getStats()
  process.stdout.write(JSON.stringify({ floor: times[0], side: times[1], stats }))
  process.exit(0)
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const range = (xs, digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`

const results = Object.fromEntries(
  Object.keys(sides).map((name, k) => {
    const child = spawnSync(process.execPath, [...process.argv.slice(1), '--side', String(k)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    if (child.status !== 0) throw new Error(`plugin-cache bench: side ${name} failed`)
    return [name, JSON.parse(child.stdout)]
  }),
)
/** A side's per-round difference over the floor of its own process. */
const over = (name) => results[name].side.map((t, i) => t - results[name].floor[i])

console.log(
  `plugin-cache: ${N} sequential awaited requests per round, ${ROUNDS} interleaved rounds, CPU time, each side in its own process with the floor`,
)
for (const [name, { floor: raw, side }] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(28)} median ${median(side).toFixed(0).padStart(6)} ns/req  range ${range(side)}; over ${FLOOR}: ${median(over(name)).toFixed(0)} (floor ${median(raw).toFixed(0)})`,
  )
}
const ratios = results[HIT].side.map((t, i) => t / results[HIT].floor[i])
const hitRatio = median(ratios)
console.log(
  `memory hit / raw floor: median ${hitRatio.toFixed(2)}×, range ${range(ratios, 2)} (budget < 1.00×) ${hitRatio < 1 ? 'OK' : 'OVER'}`,
)
const between = (a, b) => median(over(a)) - median(over(b))
const missAdded = between(MISS, BARE)
console.log(
  `cache added to a miss (its median over the floor less bare core's): ${missAdded.toFixed(0)} ns (budget ≤ 300 ns) ${missAdded <= 300 ? 'OK' : 'OVER'}`,
)
console.log(
  `  the cache's own work on a miss (miss − pass-through layer): ${between(MISS, PASS).toFixed(0)} ns`,
)
console.log(
  `  the cache's own work on a hit (hit − answering layer): ${between(HIT, ANSWERS).toFixed(0)} ns`,
)
const { stats } = results[MISS]
console.log(
  `  (check, miss side: ${stats.hits} hits, ${stats.misses} misses, ${stats.evictions} evictions)`,
)
