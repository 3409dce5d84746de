/**
 * One vitest run for the whole workspace: a project per package (and per example), each with
 * type tests (`*.test-d.ts`) switched on. `@miniwire/*` imports resolve to sources, so tests
 * never need a build except the ones that load `dist/` on purpose (the mini-program VM test).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

const root = import.meta.dirname

function workspaceDirs(): string[] {
  const dirs: string[] = []
  for (const group of ['packages', 'examples']) {
    const base = join(root, group)
    if (!existsSync(base)) continue
    for (const name of readdirSync(base)) {
      if (existsSync(join(base, name, 'package.json'))) dirs.push(join(base, name))
    }
  }
  return dirs
}

const dirs = workspaceDirs()
const alias: Record<string, string> = {}
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }
  if (existsSync(join(dir, 'src/index.ts'))) alias[pkg.name] = join(dir, 'src/index.ts')
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: dirs.map((dir) => ({
      extends: true,
      test: {
        name: dir.slice(root.length + 1).replace(/^(packages|examples)\//, ''),
        root: dir,
        include: ['test/**/*.test.ts'],
        testTimeout: 20_000,
        typecheck: {
          enabled: true,
          include: ['test/**/*.test-d.ts'],
          tsconfig: resolve(root, 'tsconfig.json'),
        },
      },
    })),
  },
})
