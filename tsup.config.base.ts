/**
 * One build recipe for every published package: CommonJS `dist/index.js` (the `main` that
 * WeChat's "build npm" reads), ESM `dist/index.mjs`, and `.d.ts`, all at ES2017 syntax.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig, type Options } from 'tsup'

/**
 * A package that takes miniprogram-api-typings as a peer (core: its types name the global
 * `WechatMiniprogram` namespace) says so in its declarations, or a consumer compiling with
 * `skipLibCheck: false` gets TS2503 unless it lists the typings itself. The d.ts bundler drops
 * a `/// <reference types>` written in the sources, so the build adds it to each d.ts.
 */
function dtsBanner(): string | undefined {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>
  }
  return pkg.peerDependencies?.['miniprogram-api-typings']
    ? '/// <reference types="miniprogram-api-typings" />'
    : undefined
}

export function packageConfig(overrides: Options = {}): ReturnType<typeof defineConfig> {
  const banner = dtsBanner()
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['cjs', 'esm'],
    target: 'es2017',
    platform: 'neutral',
    dts: banner ? { banner } : true,
    clean: true,
    sourcemap: false,
    splitting: false,
    treeshake: true,
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.js' : '.mjs' }),
    ...overrides,
  })
}
