/**
 * Loads a built CommonJS `main` in a `node:vm` context that holds only what the mini-program
 * logic layer has: the ECMAScript built-ins, console, timers, `wx`, `getApp`,
 * `getCurrentPages`, and a CommonJS `require` for the package's own dependencies (as WeChat's
 * "build npm" lays them out). No fetch, URL, AbortController, TextEncoder, Buffer, process …
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import vm from 'node:vm'

/** Globals the logic layer lacks (wx-runtime.md): a test asserts each is absent in the VM. */
export const MISSING_GLOBALS: readonly string[] = [
  'XMLHttpRequest',
  'fetch',
  'AbortController',
  'AbortSignal',
  'URL',
  'URLSearchParams',
  'FormData',
  'Blob',
  'TextEncoder',
  'TextDecoder',
  'Buffer',
  'structuredClone',
  'queueMicrotask',
  'window',
  'process',
  'setImmediate',
]

export interface MiniProgramVM {
  context: vm.Context
  /** Loads a CommonJS file in the VM and returns its `module.exports`. */
  load(file: string): Record<string, unknown>
  /** Evaluates code in the VM (e.g. `typeof fetch`). */
  run(code: string): unknown
}

/**
 * @example
 * const vm = createMiniProgramVM({ wx })
 * const core = vm.load(require.resolve('@miniwire/core/dist/index.js'))
 */
export function createMiniProgramVM(
  globals: { wx: unknown } & Record<string, unknown>,
): MiniProgramVM {
  const sandbox: Record<string, unknown> = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    getApp: () => ({ globalData: {} }),
    getCurrentPages: () => [],
    ...globals,
  }
  const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } })
  const cache = new Map<string, { exports: Record<string, unknown> }>()

  const load = (file: string): Record<string, unknown> => {
    const cached = cache.get(file)
    if (cached) return cached.exports
    const module = { exports: {} as Record<string, unknown> }
    cache.set(file, module)
    const nodeRequire = createRequire(file)
    const requireInVm = (name: string): unknown => {
      // Resolve as "build npm" would (the `main` field), evaluate inside the VM.
      const resolved = nodeRequire.resolve(name)
      if (!resolved.startsWith('/'))
        throw new Error(`mini program has no built-in module "${name}"`)
      return load(resolved)
    }
    const source = readFileSync(file, 'utf8')
    const wrapper = vm.runInContext(
      `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
      context,
      { filename: file },
    ) as (...args: unknown[]) => void
    wrapper(module.exports, requireInVm, module, file, file.slice(0, file.lastIndexOf('/')))
    return module.exports
  }

  return { context, load, run: (code) => vm.runInContext(code, context) }
}

/** What `loadBuiltPackage()` gives: the package's built main and the core it resolves. */
export interface BuiltPackage<P, C> {
  /** The path of the built CommonJS main. */
  main: string
  /** Its `module.exports`, evaluated in the VM. */
  exports: P
  /** The `@miniwire/core` the package resolves, evaluated in the same VM. */
  core: C
}

/**
 * Loads a package's built `dist/index.js` (as WeChat's "build npm" ships it) and the core it
 * resolves into one mini-program VM. Throws when the package has not been built.
 *
 * @example
 * const { exports, core } = loadBuiltPackage<typeof import('../src'), typeof import('@miniwire/core')>(
 *   join(import.meta.dirname, '..'), env.wx)
 */
export function loadBuiltPackage<P, C>(packageDir: string, wx: unknown): BuiltPackage<P, C> {
  const main = `${packageDir}/dist/index.js`
  const vm = createMiniProgramVM({ wx })
  const exports = vm.load(main) as P
  const core = vm.load(createRequire(main).resolve('@miniwire/core')) as C
  return { main, exports, core }
}
