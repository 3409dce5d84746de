/**
 * The package template (`pnpm new:package`) makes a plugin that works: generated into a temp
 * folder, bundled on core's built main, it declares options, a stage and an error, and runs a
 * request in the mini-program VM.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { createMiniProgramVM, useIntegration } from '../src'

const root = join(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'miniwire-template-'))
const env = useIntegration()

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('the package template', () => {
  it('should make a plugin with options, a stage and an error that runs in a mini-program VM', async () => {
    const made = spawnSync(
      process.execPath,
      [join(root, 'scripts/new-package.mjs'), 'plugin-fixture', '--out', join(dir, 'pkg')],
      { encoding: 'utf8' },
    )
    expect(made.stderr).toBe('')
    expect(made.status).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'pkg/package.json'), 'utf8'))
    expect(manifest.name).toBe('@miniwire/plugin-fixture')
    expect(manifest.peerDependencies).toEqual({ '@miniwire/core': 'workspace:^' })
    expect(readFileSync(join(dir, 'pkg/src/index.ts'), 'utf8')).not.toMatch(/__[A-Z]+__/)

    // One CommonJS file holding core's built main and the generated plugin, as "build npm" would
    // lay them out, at the syntax level the mini program accepts.
    const entry = join(dir, 'entry.js')
    writeFileSync(
      entry,
      `exports.core = require('@miniwire/core'); exports.plugin = require(${JSON.stringify(join(dir, 'pkg/src/index.ts'))})`,
    )
    const bundle = join(dir, 'bundle.js')
    buildSync({
      entryPoints: [entry],
      bundle: true,
      format: 'cjs',
      target: 'es2017',
      platform: 'neutral',
      mainFields: ['main'],
      alias: { '@miniwire/core': join(root, 'packages/core/dist/index.js') },
      nodePaths: [join(root, 'packages/core/node_modules')],
      tsconfigRaw: {},
      outfile: bundle,
      logLevel: 'silent',
    })
    const vm = createMiniProgramVM({ wx: env.wx })
    const { core, plugin } = vm.load(bundle) as {
      core: typeof import('@miniwire/core')
      plugin: Record<string, any>
    }
    const client = core.createClient({ baseURL: env.server.url })
    client.use({ name: 'late', stage: 'user', middleware: (_ctx, next) => next() })
    client.use(plugin.fixture({ value: 'made' }))
    expect(client.plugins).toEqual(['fixture', 'late'])
    expect(core.getStages()).toContain('fixture')
    const body = (await client.get('/echo')) as { data: { headers: Record<string, string> } }
    expect(body.data.headers['x-fixture']).toBe('made')
    const refused = await client
      .get('/echo', { fixture: { refuse: [200] } } as never)
      .catch((e: unknown) => e)
    expect(plugin.FixtureError.is(refused)).toBe(true)
    expect(core.hasErrorCode(refused, 'ERR_FIXTURE' as never)).toBe(true)
  })
})
