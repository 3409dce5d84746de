#!/usr/bin/env node
// Runs the whole vitest suite once with the JSON reporter beside the default one, then prints
// the totals as one plain line (`N passed, N failed`) so CI can read them outside vitest.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const report = join(root, '.tmp', 'vitest-report.json')
mkdirSync(join(root, '.tmp'), { recursive: true })
rmSync(report, { force: true })

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
const run = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
)

let passed = 0
let failed = 0
let skipped = 0
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed = json.numPassedTests ?? 0
  failed = json.numFailedTests ?? 0
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0)
  // A file that fails to load has no test results of its own: count it as one failure.
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed++
  }
} else {
  failed = 1
}
const code = run.status ?? 1
if (code !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(code === 0 && failed === 0 ? 0 : 1)
