#!/usr/bin/env node
// Where a package's bytes go (`node scripts/size-breakdown.mjs <package folder>`, e.g. `core`):
// its sources bundled and minified as scripts/size.mjs measures them (core external for the
// other packages), then the minified bytes each source module contributes, largest first.
// A guide for trimming, not a budget: gzip is measured on the whole bundle only.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
const pkg = process.argv[2]
const r = await build({
  entryPoints: [`packages/${pkg}/src/index.ts`],
  bundle: true,
  minify: true,
  format: 'cjs',
  platform: 'neutral',
  target: 'es2017',
  metafile: true,
  write: false,
  external: ['@miniwire/core'],
  mainFields: ['main'],
  logLevel: 'error',
})
const out = Object.values(r.metafile.outputs)[0]
const rows = Object.entries(out.inputs)
  .map(([k, v]) => [k.replace(/.*packages\//, ''), v.bytesInOutput])
  .sort((a, b) => b[1] - a[1])
const total = r.outputFiles[0].contents.length
console.log(pkg, 'min', total, 'gzip', gzipSync(r.outputFiles[0].contents, { level: 9 }).length)
for (const [k, v] of rows) console.log(String(v).padStart(7), k)
