/**
 * Every published package's built CommonJS main — what WeChat's "build npm" ships — loads in a
 * VM that has only the mini program's globals, and a request runs through core with each
 * plugin installed. (@miniwire/wx-node is for Node only and is left out.)
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createMiniProgramVM, publishedPackages, useIntegration } from '../src'

const packagesDir = join(import.meta.dirname, '../..')
const NODE_ONLY = new Set(['@miniwire/wx-node'])

const published = publishedPackages().filter(({ pkg }) => !NODE_ONLY.has(pkg.name))

const env = useIntegration()

/**
 * Built-ins newer than ES2017 that the logic layer's engine on older iOS lacks (JavaScriptCore:
 * `Object.hasOwn` and `.at()` from iOS 15.4, regex lookbehind from 16.4): syntax is lowered by
 * the build, library calls are not.
 */
const NEWER_BUILTINS =
  /\bObject\.(hasOwn|fromEntries)\b|\.(at|findLast|findLastIndex|flat|flatMap|replaceAll|matchAll|trimStart|trimEnd)\(|\bPromise\.(allSettled|any)\b|\b(structuredClone|AggregateError|WeakRef|FinalizationRegistry)\b|\(\?<[=!]/

describe('built mains in a mini-program VM', () => {
  it('should find the published packages', () => {
    expect(published.map(({ pkg }) => pkg.name)).toContain('@miniwire/core')
  })

  it.each(published.map(({ dir, pkg }) => [pkg.name, dir, pkg] as const))(
    'should load %s as CommonJS at ES2017, with no newer built-in, and run a request through it',
    async (name, dir, pkg) => {
      const main = join(dir, pkg.main!)
      expect(existsSync(main), `${main} (run pnpm build first)`).toBe(true)
      const source = readFileSync(main, 'utf8')
      expect(source).not.toMatch(/^\s*(import|export)\s/m)
      expect(source).not.toMatch(/\?\?|\?\.[a-zA-Z_$[(]/) // ES2020 syntax must have been lowered
      expect(source).not.toMatch(NEWER_BUILTINS)
      const vm = createMiniProgramVM({ wx: env.wx })
      const exports = vm.load(main)
      expect(Object.keys(exports).length).toBeGreaterThan(0)
      const core = (
        name === '@miniwire/core' ? exports : vm.load(join(packagesDir, 'core', 'dist/index.js'))
      ) as typeof import('@miniwire/core')
      const client = core.createClient({ baseURL: env.server.url })
      const factory = Object.values(exports).find(
        (value): value is () => { name: string; middleware?: unknown } =>
          typeof value === 'function' && value.name === name.replace('@miniwire/plugin-', ''),
      )
      if (name.startsWith('@miniwire/plugin-')) {
        expect(factory, `${name} exports a plugin factory named after it`).toBeDefined()
        client.use(factory!() as never)
      }
      const body = (await client.get('/echo', { params: { from: name } })) as {
        data: { rawQuery: string }
      }
      expect(body.data.rawQuery).toBe(`from=${encodeURIComponent(name)}`)
    },
  )
})
