#!/usr/bin/env node
// What @miniwire/plugin-monitor adds to a request. Two uses:
// - `pnpm bench` imports `sides()` (the contract in scripts/bench.mjs): core + monitor, paired
//   with raw like every side, plus its heap over BENCH_HEAP_N requests. No budgetNs there: the
//   monitor's budget is over bare core, not over raw.
// - Run directly (`node --expose-gc scripts/bench/plugin-monitor.mjs`, after a build), it pairs
//   core + monitor against bare core (and a core with one empty layer, to tell core's cost of a
//   layer from the monitor's own work) on the same fake wx.request, CPU time
//   (process.cpuUsage, user + system) in interleaved rounds, with the per-round paired
//   difference; then the heap before and after 1e5 monitored requests on distinct URLs.
// Budget: ≤ 300 ns a request over bare core; heap flat.
import { createRequire } from 'node:module'
import { createBenchWx } from '../bench-wx.mjs'
import { pathToFileURL } from 'node:url'

/** The side for scripts/bench.mjs. */
export function sides({ wx, load, has, baseURL }) {
  if (!has('@miniwire/plugin-monitor')) return []
  const core = load('@miniwire/core')
  const { monitor } = load('@miniwire/plugin-monitor')
  const stats = monitor()
  const client = core.createClient({ wx, baseURL, plugins: [stats] })
  return [
    {
      name: 'core + monitor',
      heap: true,
      run: () => client.get('/users/1?fields=name'),
      check() {
        const { requests, endpoints } = stats.getStats()
        if (requests < 1 || endpoints[0]?.endpoint !== 'GET /users/1') {
          throw new Error(
            `bench: the monitor side recorded ${requests} requests (${endpoints[0]?.endpoint})`,
          )
        }
      },
    },
  ]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()

async function main() {
  const require = createRequire(import.meta.url)
  const core = require('../../packages/core/dist/index.js')
  const { monitor } = require('../../packages/plugin-monitor/dist/index.js')

  const wx = createBenchWx({ 'content-type': 'application/json', 'content-length': '24' })
  const bare = core.createClient({ wx, baseURL: 'https://api.example.com' })
  const stats = monitor()
  const monitored = core.createClient({ wx, baseURL: 'https://api.example.com', plugins: [stats] })

  // Core's onion charges every layer the same (its next/guard promises): a layer that only calls
  // next() shows that share, so the monitor's own work is told apart from the layer it occupies.
  const layered = core.createClient({
    wx,
    baseURL: 'https://api.example.com',
    plugins: [{ name: 'empty', stage: 'monitor', middleware: (_ctx, next) => next() }],
  })

  const sides = {
    'bare core client.get': () => bare.get('/users/1?fields=name'),
    'core + monitor client.get': () => monitored.get('/users/1?fields=name'),
    'core + empty layer': () => layered.get('/users/1?fields=name'),
  }
  const BARE = 'bare core client.get'
  const MONITORED = 'core + monitor client.get'
  const EMPTY = 'core + empty layer'

  const cpuNow = () => {
    const { user, system } = process.cpuUsage()
    return (user + system) * 1000 // ns
  }

  async function round(fn, n) {
    const start = cpuNow()
    for (let i = 0; i < n; i++) await fn()
    return (cpuNow() - start) / n
  }

  const N = Number(process.env.BENCH_N ?? 20_000)
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
  const sorted = (xs) => [...xs].sort((a, b) => a - b)
  const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)]
  const range = (xs) => `${sorted(xs)[0].toFixed(0)}–${sorted(xs).at(-1).toFixed(0)}`

  for (const fn of Object.values(sides)) await round(fn, N) // warm up the JIT
  const results = { [BARE]: [], [MONITORED]: [], [EMPTY]: [] }
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate which side goes first, so drift within a round hits every side alike.
    const names = [BARE, MONITORED, EMPTY]
    const order = names.slice(r % 3).concat(names.slice(0, r % 3))
    for (const name of order) results[name].push(await round(sides[name], N))
  }

  console.log(
    `sequential awaited requests, ${N} per round, ${ROUNDS} interleaved rounds, CPU time:`,
  )
  for (const [name, xs] of Object.entries(results)) {
    console.log(
      `  ${name.padEnd(28)} median ${median(xs).toFixed(0).padStart(6)} ns/req  range ${range(xs)}`,
    )
  }
  const diffs = results[MONITORED].map((t, i) => t - results[BARE][i])
  const ratios = results[MONITORED].map((t, i) => t / results[BARE][i])
  const overhead = median(diffs)
  const budget = 300
  console.log(
    `monitor overhead (paired per round): median ${overhead.toFixed(0)} ns/request, range ${range(diffs)}; ` +
      `ratio median ${median(ratios).toFixed(3)}×, range ${sorted(ratios)[0].toFixed(3)}–${sorted(ratios).at(-1).toFixed(3)}; ` +
      `budget ≤ ${budget} ns ${overhead <= budget ? 'OK' : 'OVER'}`,
  )
  const layer = results[EMPTY].map((t, i) => t - results[BARE][i])
  const own = results[MONITORED].map((t, i) => t - results[EMPTY][i])
  console.log(
    `  of which core's cost of one more layer (empty layer − bare): median ${median(layer).toFixed(0)} ns, range ${range(layer)}`,
  )
  console.log(
    `  and the monitor's own work (monitor − empty layer): median ${median(own).toFixed(0)} ns, range ${range(own)}`,
  )

  // Heap over 1e5 monitored requests, on distinct URLs so the endpoint table fills to its bound.
  if (typeof globalThis.gc !== 'function') {
    console.log('heap: run with node --expose-gc to measure')
  } else {
    const heap = () => {
      globalThis.gc()
      return process.memoryUsage().heapUsed / 1024 / 1024
    }
    stats.reset()
    for (let i = 0; i < 1000; i++) await monitored.get(`/items/${i}`)
    const before = heap()
    for (let i = 0; i < 100_000; i++) await monitored.get(`/items/${i}?page=${i % 7}`)
    const after = heap()
    const growth = after - before
    console.log(
      `heap over 1e5 monitored requests: before ${before.toFixed(2)} MB, after ${after.toFixed(2)} MB, ` +
        `growth ${growth.toFixed(2)} MB (${stats.getStats().requests} recorded, ${stats.getStats().endpoints.length} endpoint rows) ${growth < 1 ? 'FLAT' : 'GROWING'}`,
    )
  }
  stats.dispose()
}
