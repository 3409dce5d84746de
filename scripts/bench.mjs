#!/usr/bin/env node
// Pipeline overhead benchmarks (`pnpm bench`, after a build). Not a test: nothing here runs in
// `pnpm test`. Method (DESIGN.md "Performance budgets"): CPU time by `process.cpuUsage()`
// (user + system), not wall clock, in rounds; every round times each side once, beside a raw
// promisified `wx.request` on the same fake wx in the same process, alternating which goes
// first. Each side runs in a process of its own (this script re-runs itself with `--side K`),
// so one side's plugins cannot make another side's call sites polymorphic. For each side: the
// median ns/request over rounds and the range (min–max); against raw: the per-round paired
// difference and ratio (median and range), so drift between rounds cancels out. A side's
// budget is its median paired difference over raw.
//
// Sides live in `scripts/bench/*.mjs`, discovered here: a module exports
//   sides({ wx, load, has, baseURL }) => Array<{
//     name: string,
//     run: () => Promise<unknown>,   // one request
//     budgetNs?: number,             // max median ns/request over raw (DESIGN's budget)
//     check?: () => void,            // throws when the scenario is not what it claims
//     heap?: boolean,                // also measure heap used over HEAP_N requests
//     peer?: { name, fraction },     // also: overhead ≤ fraction × that side's overhead
//   }>
// `load(name)` requires a package's built CommonJS main (packages/*/dist/index.js), `has(name)`
// tells whether the package exists (a module for a package not created yet returns []), and
// `wx` is the fake below. A new package adds its sides by adding a module; this runner stays.
// A benchmark that is not a pipeline side goes in scripts/bench/standalone/ (run at the end,
// each in its own process).
//
// Env: BENCH_N requests per side per round (20000), BENCH_ROUNDS (15), BENCH_HEAP_N (100000).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createBenchWx } from './bench-wx.mjs'

// Heap figures need `global.gc`: run again with --expose-gc when it is missing.
if (typeof globalThis.gc !== 'function') {
  const run = spawnSync(process.execPath, ['--expose-gc', ...process.argv.slice(1)], {
    stdio: 'inherit',
  })
  process.exit(run.status ?? 1)
}

const root = join(import.meta.dirname, '..')
const require = createRequire(import.meta.url)
const N = Number(process.env.BENCH_N ?? 20_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const HEAP_N = Number(process.env.BENCH_HEAP_N ?? 100_000)
const baseURL = 'https://api.example.com'

/** Workspace packages by name. */
const packages = new Map()
for (const dir of readdirSync(join(root, 'packages'))) {
  const manifest = join(root, 'packages', dir, 'package.json')
  if (!existsSync(manifest)) continue
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'))
  packages.set(pkg.name, join(root, 'packages', dir, pkg.main ?? 'dist/index.js'))
}
const has = (name) => packages.has(name)
function load(name) {
  const main = packages.get(name)
  if (!main) throw new Error(`bench: no package ${name}`)
  if (!existsSync(main)) throw new Error(`bench: ${main} is missing: run pnpm build first`)
  return require(main)
}

const wx = createBenchWx()
const RAW = 'raw promisified wx.request'
const raw = {
  name: RAW,
  run: () =>
    new Promise((resolve, reject) =>
      wx.request({
        url: `${baseURL}/users/1`,
        method: 'GET',
        header: {},
        success: (res) => resolve(res.data),
        fail: reject,
      }),
    ),
}

const sides = [raw]
const benchDir = join(import.meta.dirname, 'bench')
for (const file of readdirSync(benchDir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  const mod = await import(pathToFileURL(join(benchDir, file)).href)
  for (const side of await mod.sides({ wx, load, has, baseURL })) sides.push(side)
}

// Every side runs once and checks its scenario before anything is timed.
for (const side of sides) {
  await side.run()
  side.check?.()
}

/** CPU time (user + system) per request, in ns. */
async function round(run, n) {
  const start = process.cpuUsage()
  for (let i = 0; i < n; i++) await run()
  const used = process.cpuUsage(start)
  return ((used.user + used.system) * 1000) / n
}

/** Used heap after a full GC, before and after HEAP_N more requests. */
async function heapGrowth(run) {
  globalThis.gc()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < HEAP_N; i++) await run()
  globalThis.gc()
  return { before, after: process.memoryUsage().heapUsed }
}

// Child mode (`--side K`): time side K against raw in this process only, print JSON, exit.
// Each side gets a process of its own so that no side's call sites are made polymorphic (and
// slower) by another side's plugins: in one shared process every side measured 40–100% more.
const sideArg = process.argv.indexOf('--side')
if (sideArg !== -1) {
  const side = sides[Number(process.argv[sideArg + 1])]
  const pair = [raw, side]
  for (const s of pair) await round(s.run, N) // warm up the JIT
  const times = [[], []]
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so neither side always runs first.
    for (let k = 0; k < 2; k++) {
      const i = (r + k) % 2
      times[i].push(await round(pair[i].run, N))
    }
  }
  const heap = side.heap ? await heapGrowth(side.run) : undefined
  process.stdout.write(JSON.stringify({ raw: times[0], side: times[1], heap }))
  process.exit(0)
}

/** Per side: its times and raw's, each round paired, from the side's own process. */
const results = []
for (let k = 1; k < sides.length; k++) {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', ...process.argv.slice(1), '--side', String(k)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  if (child.status !== 0) {
    throw new Error(`bench: side "${sides[k].name}" exited with ${child.status}`)
  }
  const { raw: rawTimes, side: sideTimes, heap } = JSON.parse(child.stdout)
  results.push({ side: sides[k], rawTimes, sideTimes, heap })
}

const sorted = (xs) => [...xs].sort((a, b) => a - b)
const median = (xs) => {
  const s = sorted(xs)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const range = (xs, digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`
const width = Math.max(...sides.map((s) => s.name.length))

console.log(
  `CPU time (user + system) per sequential awaited request: ${N} per side per round, ${ROUNDS} rounds;`,
)
console.log('each side alternates with raw in a process of its own (one process per side).')
console.log(
  `${'side'.padEnd(width)}  median ns/req  range (min–max)  raw in the same process: median (range)`,
)
for (const { side, rawTimes, sideTimes } of results) {
  console.log(
    `${side.name.padEnd(width)}  ${median(sideTimes).toFixed(0).padStart(13)}  ${range(sideTimes).padEnd(15)}  ${median(rawTimes).toFixed(0)} (${range(rawTimes)})`,
  )
}
console.log('\npaired with raw in the same round (side − raw, side / raw):')
console.log(`${'side'.padEnd(width)}  over raw ns: median (range)   ratio: median (range)   budget`)
let over = 0
for (const { side, rawTimes, sideTimes } of results) {
  const diffs = sideTimes.map((t, r) => t - rawTimes[r])
  const ratios = sideTimes.map((t, r) => t / rawTimes[r])
  const d = median(diffs)
  const verdict =
    side.budgetNs === undefined
      ? '—'
      : `≤ ${side.budgetNs} ns ${d <= side.budgetNs ? 'OK' : 'OVER'}`
  if (side.budgetNs !== undefined && d > side.budgetNs) over++
  console.log(
    `${side.name.padEnd(width)}  ${d.toFixed(0).padStart(6)} (${range(diffs)})`.padEnd(width + 31) +
      `${median(ratios).toFixed(2)}× (${range(ratios, 2)})`.padEnd(24) +
      verdict,
  )
}

// A side may also be held to a fraction of a peer's overhead measured in the same run.
for (const { side, rawTimes, sideTimes } of results) {
  if (!side.peer) continue
  const peer = results.find((result) => result.side.name === side.peer.name)
  if (!peer) {
    console.log(`\n${side.name}: peer "${side.peer.name}" was not measured`)
    continue
  }
  const own = median(sideTimes.map((t, r) => t - rawTimes[r]))
  const theirs = median(peer.sideTimes.map((t, r) => t - peer.rawTimes[r]))
  const fraction = own / theirs
  const ok = fraction <= side.peer.fraction
  if (!ok) over++
  console.log(
    `\n${side.name}: ${own.toFixed(0)} ns over raw = ${fraction.toFixed(2)}× ${peer.side.name}'s ${theirs.toFixed(0)} ns (budget ≤ ${side.peer.fraction}×) ${ok ? 'OK' : 'OVER'}`,
  )
}

const heaps = results.filter((result) => result.heap)
if (heaps.length) console.log(`\nheap used after gc(), before and after ${HEAP_N} requests:`)
for (const { side, heap } of heaps) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
  const growth = heap.after - heap.before
  console.log(
    `${side.name.padEnd(width)}  ${kb(heap.before)} → ${kb(heap.after)} (${growth >= 0 ? '+' : '−'}${kb(Math.abs(growth))})`,
  )
}
if (over) console.log(`\n${over} side(s) over budget`)

// Benchmarks that are not pipeline sides (transfer throughput, socket messages/s, stream
// parsing, …) are scripts of their own in scripts/bench/standalone/, each run in a fresh
// process so that one cannot skew another's heap or JIT.
const standaloneDir = join(benchDir, 'standalone')
for (const file of existsSync(standaloneDir)
  ? readdirSync(standaloneDir)
      .filter((f) => f.endsWith('.mjs'))
      .sort()
  : []) {
  console.log(`\n== ${file}`)
  const run = spawnSync(process.execPath, ['--expose-gc', join(standaloneDir, file)], {
    stdio: 'inherit',
  })
  if (run.status !== 0) console.log(`${file} exited with ${run.status}`)
}
