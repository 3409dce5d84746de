/**
 * The published declarations compile in a strict consumer (`strict`, `skipLibCheck: false`)
 * that installed core, plugin-auth and plugin-retry from npm, with moduleResolution `bundler`
 * and with `NodeNext` (an ESM file and a CommonJS one, so both `index.d.mts` and `index.d.ts`
 * are read). The packages are packed with `pnpm pack` (which rewrites `workspace:` ranges, as a
 * publish does) and extracted into a temporary fixture's node_modules; typescript and
 * miniprogram-api-typings are linked from the root node_modules. No network.
 *
 * Needs `pnpm build` first (`pnpm test` builds before vitest).
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishedPackages } from '../src'

const root = join(import.meta.dirname, '../../..')

const published = publishedPackages()

const USED = ['@miniwire/core', '@miniwire/plugin-auth', '@miniwire/plugin-retry']

const CONSUMER = `import { createClient, isHttpError, isMiniwireError } from '@miniwire/core'
import { auth } from '@miniwire/plugin-auth'
import { retry } from '@miniwire/plugin-retry'

interface User {
  id: number
  name: string
}

const client = createClient({
  baseURL: 'https://api.example.com',
  plugins: [auth({ storage: 'tokens' }), retry({ limit: 2 })],
})

export async function loadUser(id: number): Promise<User | undefined> {
  try {
    const user = await client.get<User>(\`/users/\${id}\`, { retry: { limit: 1 } })
    await client.post('/audit', { viewed: user.id }, { retry: false })
    return user
  } catch (error) {
    if (isHttpError(error) && error.status === 404) return undefined
    if (isMiniwireError(error)) console.log(error.code)
    throw error
  }
}
`

let fixture = ''

/** Packs every published package, and lays out a consumer project that installed them. */
beforeAll(async () => {
  for (const name of USED) {
    const entry = published.find(({ pkg }) => pkg.name === name)
    expect(entry, `${name} is not a published workspace package`).toBeDefined()
    for (const file of [entry!.pkg.main!, entry!.pkg.types ?? 'dist/index.d.ts']) {
      const path = join(entry!.dir, file)
      expect(existsSync(path), `${path} is missing: run pnpm build first`).toBe(true)
    }
  }
  fixture = mkdtempSync(join(tmpdir(), 'miniwire-consumer-'))
  const tarballs = join(fixture, 'tarballs')
  mkdirSync(tarballs)
  await Promise.all(
    published.map(async ({ dir, pkg }) => {
      const pack = await run('pnpm', ['pack', '--pack-destination', tarballs], dir)
      expect(pack.status, `pnpm pack ${pkg.name}: ${pack.stderr}`).toBe(0)
    }),
  )
  for (const tarball of readdirSync(tarballs)) {
    // miniwire-plugin-auth-0.1.0.tgz → @miniwire/plugin-auth
    const name = `@miniwire/${tarball.replace(/^miniwire-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`
    const target = join(fixture, 'node_modules', name)
    mkdirSync(target, { recursive: true })
    const untar = spawnSync(
      'tar',
      ['-xzf', join(tarballs, tarball), '-C', target, '--strip-components=1'],
      {
        encoding: 'utf8',
      },
    )
    expect(untar.status, `tar ${tarball}: ${untar.stderr}`).toBe(0)
  }
  for (const name of ['typescript', 'miniprogram-api-typings']) {
    symlinkSync(join(root, 'node_modules', name), join(fixture, 'node_modules', name), 'dir')
  }
  writeFileSync(
    join(fixture, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  )
  writeFileSync(join(fixture, 'consumer.ts'), CONSUMER)
  writeFileSync(join(fixture, 'consumer-cjs.cts'), CONSUMER)
}, 60_000)

/** Runs a command to its end: its exit status and stderr. */
function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', (error) => resolve({ status: null, stderr: String(error) }))
    child.on('close', (status) => resolve({ status, stderr }))
  })
}

afterAll(() => {
  if (fixture) rmSync(fixture, { recursive: true, force: true })
})

function compile(files: string[], options: ts.CompilerOptions): string[] {
  const compilerOptions: ts.CompilerOptions = {
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    target: ts.ScriptTarget.ES2017,
    lib: ['lib.es2020.d.ts'],
    ...options,
  }
  // Compiled from the fixture's directory, so only the fixture's node_modules are seen (no
  // @types/node from the workspace: a mini program has no Node globals).
  const host = ts.createCompilerHost(compilerOptions)
  host.getCurrentDirectory = () => fixture
  const program = ts.createProgram(
    files.map((file) => join(fixture, file)),
    compilerOptions,
    host,
  )
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file
      ? `${diagnostic.file.fileName.replace(fixture, '<fixture>')}: `
      : ''
    return `${where}TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
  })
}

describe('published declarations in a strict consumer', () => {
  it('should pack the published packages with their workspace ranges rewritten', () => {
    const manifest = readFileSync(
      join(fixture, 'node_modules/@miniwire/plugin-auth/package.json'),
      'utf8',
    )
    expect(manifest).not.toContain('workspace:')
    const core = readFileSync(join(fixture, 'node_modules/@miniwire/core/dist/index.d.ts'), 'utf8')
    expect(core.startsWith('/// <reference types="miniprogram-api-typings" />')).toBe(true)
  })

  it('should compile with moduleResolution bundler and skipLibCheck false', {
    timeout: 60_000,
  }, () => {
    const diagnostics = compile(['consumer.ts'], {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    })
    expect(diagnostics).toEqual([])
  })

  it('should compile with module NodeNext, as ESM and as CommonJS, and skipLibCheck false', {
    timeout: 60_000,
  }, () => {
    const diagnostics = compile(['consumer.ts', 'consumer-cjs.cts'], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    })
    expect(diagnostics).toEqual([])
  })
})
