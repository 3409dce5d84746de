#!/usr/bin/env node
// Size check (`pnpm size`, after `pnpm build`): the minified + gzipped size of each package's
// built CommonJS main as WeChat's "build npm" consumes it, against the budgets in DESIGN.md
// ("Performance budgets"). Why not size-limit: see docs/adr/0005-size-check.md.
//
// How each entry is measured: one esbuild bundle per entry (format cjs, platform neutral,
// target es2017, minified, `main` fields only, no tsconfig so no `paths` can swap in sources),
// then gzip level 9 (node:zlib). A plugin is measured alone with @miniwire/core external; core
// is measured with its dependencies (mitt, koa-compose) bundled. A combined entry is a generated
// entry that requires every listed main, so nothing is tree-shaken away.
//
// Adding a package: add one line to ENTRIES below (its package name and budget), and if it is a
// plugin, its name to the combined entry's list. A package listed here that does not exist yet
// is skipped with a line saying so. A published package (not private, has `main`) that is not
// listed and not in NOT_MEASURED fails the check, so a new package cannot be forgotten.
//
// Fails (exit 1) when an entry is over budget, when a listed package exists but its built main
// is missing, when an input of a bundle is not JavaScript (a source leaked in), or when a
// combined bundle is smaller than its largest part.
//
// A budget not met yet may carry an `allowance`: a ceiling (today's size, so growth still fails)
// and the open issue that owns it. Such an entry prints OVER with the reason on every run and
// does not fail; it is removed when the budget is met. It is a record, never a silent pass.
//
// 1 KB = 1000 bytes here (as size-limit printed it).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const KB = 1000
const root = join(import.meta.dirname, '..')

const PLUGINS = [
  '@miniwire/plugin-auth',
  '@miniwire/plugin-retry',
  '@miniwire/plugin-cache',
  '@miniwire/plugin-errors',
  '@miniwire/plugin-monitor',
  '@miniwire/plugin-loading',
]

/** The one list of measured entries: a package alone, or several packages in one bundle. */
const ENTRIES = [
  {
    name: '@miniwire/core',
    budget: 7,
    allowance: {
      ceiling: 9.15,
      why: 'the issue "core as a platform for plugins" is open (ADR 0007: core alone is 7.5 KB before the kit)',
    },
  },
  {
    name: '@miniwire/plugin-auth',
    budget: 4,
    allowance: { ceiling: 4.29, why: 'the issue "core as a platform for plugins" is open' },
  },
  { name: '@miniwire/plugin-retry', budget: 3 },
  { name: '@miniwire/plugin-cache', budget: 4 },
  { name: '@miniwire/plugin-errors', budget: 3 },
  {
    name: '@miniwire/plugin-monitor',
    budget: 3.5,
    allowance: { ceiling: 4.19, why: 'the issue "@miniwire/plugin-monitor" is open' },
  },
  { name: '@miniwire/plugin-loading', budget: 1.5 },
  {
    name: 'core + all plugins in one bundle',
    combine: ['@miniwire/core', ...PLUGINS],
    budget: 20,
    allowance: {
      ceiling: 24.82,
      why: 'core, plugin-auth and plugin-monitor are over their own budgets (their issues are open; ADR 0007)',
    },
  },
  {
    name: '@miniwire/socket',
    budget: 4,
  },
  {
    name: '@miniwire/transfer',
    budget: 6,
  },
  {
    name: '@miniwire/stream',
    budget: 2.5,
  },
]

/** Published packages deliberately not measured, with the reason. */
const NOT_MEASURED = {
  '@miniwire/wx-node': 'Node only: never shipped to a mini program',
}

/** Workspace packages by name: directory and manifest. */
const packages = new Map()
for (const dir of readdirSync(join(root, 'packages'))) {
  const manifest = join(root, 'packages', dir, 'package.json')
  if (!existsSync(manifest)) continue
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'))
  packages.set(pkg.name, { dir: join(root, 'packages', dir), pkg })
}

const failures = []
const notes = []

for (const [name, { pkg }] of packages) {
  if (pkg.private || !pkg.main || name in NOT_MEASURED) continue
  if (!ENTRIES.some((entry) => entry.name === name)) {
    failures.push(`${name} is published but has no entry (and budget) in scripts/size.mjs`)
  }
}

/** The built main of a package, or undefined (with a failure recorded) when it is missing. */
function builtMain(name) {
  const { dir, pkg } = packages.get(name)
  const main = join(dir, pkg.main ?? 'dist/index.js')
  if (existsSync(main)) return main
  failures.push(`${name}: built main ${relative(root, main)} is missing (run pnpm build)`)
  return undefined
}

/** Bundles the entry's source, returns { min, gzip } in bytes. */
async function measure(label, entryOptions, external) {
  const result = await build({
    ...entryOptions,
    bundle: true,
    minify: true,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2017',
    mainFields: ['main'],
    external,
    tsconfigRaw: {},
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  for (const input of Object.keys(result.metafile.inputs)) {
    if (!/\.(c|m)?js$/.test(input) && input !== '<stdin>') {
      failures.push(`${label}: bundle input ${input} is not a built JavaScript file`)
    }
  }
  const code = result.outputFiles[0].contents
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

const rows = []
const sizes = new Map()
for (const entry of ENTRIES) {
  const names = entry.combine ?? [entry.name]
  const present = names.filter((name) => packages.has(name))
  const absent = names.filter((name) => !packages.has(name))
  if (present.length === 0) {
    notes.push(`skipped ${entry.name}: the package does not exist yet`)
    continue
  }
  if (entry.combine && absent.length) {
    notes.push(`${entry.name}: without ${absent.join(', ')} (not created yet)`)
  }
  const mains = present.map(builtMain)
  if (mains.includes(undefined)) continue
  let size
  if (entry.combine) {
    const contents = mains.map((main) => `require(${JSON.stringify(main)});`).join('\n')
    size = await measure(
      entry.name,
      { stdin: { contents, resolveDir: root, sourcefile: 'combined-entry.js', loader: 'js' } },
      [],
    )
    const largest = Math.max(...present.map((name) => sizes.get(name)?.gzip ?? 0))
    if (size.gzip < largest) {
      failures.push(
        `${entry.name}: ${size.gzip} B gzip is smaller than its largest part (${largest} B): the bundle lost a package`,
      )
    }
  } else {
    const external = entry.name === '@miniwire/core' ? [] : ['@miniwire/core']
    size = await measure(entry.name, { entryPoints: [mains[0]] }, external)
  }
  sizes.set(entry.name, size)
  const over = size.gzip > entry.budget * KB
  const allowed = over && entry.allowance && size.gzip <= entry.allowance.ceiling * KB
  if (over && !allowed) {
    failures.push(
      `${entry.name}: ${fmt(size.gzip)} gzip is over its ${entry.budget} KB budget${entry.allowance ? ` and over its ${entry.allowance.ceiling} KB allowance` : ''}`,
    )
  }
  if (allowed) {
    notes.push(
      `OVER BUDGET ${entry.name}: ${fmt(size.gzip)} > ${entry.budget} KB, allowed up to ${entry.allowance.ceiling} KB while ${entry.allowance.why}`,
    )
  }
  rows.push([
    entry.name,
    String(size.min),
    String(size.gzip),
    `${entry.budget} KB`,
    over ? 'OVER' : 'OK',
  ])
}

function fmt(bytes) {
  return `${(bytes / KB).toFixed(2)} KB`
}

const header = ['entry', 'bytes min', 'bytes gzip', 'budget', '']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
const line = (row) =>
  row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')
console.log('minified + gzipped (level 9) CommonJS mains, one esbuild bundle per entry:')
console.log(line(header))
for (const row of rows) console.log(line(row))
for (const note of notes) console.log(note)
for (const failure of failures) console.error(`FAIL ${failure}`)
process.exit(failures.length ? 1 : 0)
