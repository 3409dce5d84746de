/**
 * One build recipe for every published package: CommonJS `dist/index.js` (the `main` that
 * WeChat's "build npm" reads), ESM `dist/index.mjs`, and `.d.ts`, all at ES2017 syntax.
 */
import { defineConfig, type Options } from 'tsup'

export function packageConfig(overrides: Options = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['cjs', 'esm'],
    target: 'es2017',
    platform: 'neutral',
    dts: true,
    clean: true,
    sourcemap: false,
    splitting: false,
    treeshake: true,
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.js' : '.mjs' }),
    ...overrides,
  })
}
