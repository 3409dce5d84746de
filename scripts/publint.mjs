#!/usr/bin/env node
// Runs publint --strict on every published workspace package (after a build), so a broken
// `exports`, `main` or `types` never reaches npm.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const bin = join(root, 'node_modules', '.bin', 'publint')
let failed = 0
for (const dir of readdirSync(join(root, 'packages'))) {
  const manifest = join(root, 'packages', dir, 'package.json')
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).private) continue
  const run = spawnSync(bin, ['--strict', join('packages', dir)], { cwd: root, stdio: 'inherit' })
  if (run.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
