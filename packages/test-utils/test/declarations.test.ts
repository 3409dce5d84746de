/**
 * Every published package's built CommonJS main has what its `dist/index.d.ts` declares. The
 * declarations are read with the TypeScript compiler API: each exported value must exist with
 * the declared kind, each method and accessor a class declares (private and `_x` ones too) must
 * be on its prototype chain (static ones on the constructor), and declared instance properties
 * must be on an instance. This is what property mangling broke: the d.ts declared
 * `Scheduler#_take()` while the built scheduler had it under another name.
 *
 * A class whose constructor needs arguments is built with the arguments in CONSTRUCT below;
 * one that is in neither case gets a visible `todo` naming the properties left unchecked.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { publishedPackages } from '../src'

const require = createRequire(import.meta.url)

const published = publishedPackages()

const fakeWx = { request: () => ({ abort() {} }) }
const response = { status: 500, statusText: '', headers: {}, data: null }

/** Constructor arguments for classes that cannot be built with none, by `package#Class`. */
const CONSTRUCT: Record<string, () => unknown[]> = {
  '@miniwire/core#Client': () => [{ wx: fakeWx }],
  '@miniwire/core#MiniwireError': () => [{ code: 'ERR_NETWORK', message: 'declared members' }],
  '@miniwire/core#BusinessError': () => [{ businessCode: 40001 }],
  '@miniwire/core#HttpError': () => [{ response }],
  '@miniwire/core#NetworkError': () => [{ message: 'declared members' }],
  '@miniwire/core#TimeoutError': () => [{ timeout: 1000 }],
  '@miniwire/plugin-auth#AuthError': () => [{ message: 'declared members' }],
  // A handle made by createSocket() around its connection; a stand-in connection is enough here.
  '@miniwire/socket#Socket': () => [{}],
}

/**
 * A first use of an instance, for classes that make a declared private member lazily (its
 * d.ts line has no type, so this test cannot tell it may be unset): `Client#_scheduler` is made
 * by the first request or the first read of `client.scheduler`.
 */
const TOUCH: Record<string, (instance: never) => void> = {
  '@miniwire/core#Client': (client: { scheduler: unknown }) => void client.scheduler,
}

type Kind = 'class' | 'function' | 'object' | 'array' | 'primitive'

interface DeclaredMember {
  name: string
  kind: 'method' | 'accessor' | 'property'
  isStatic: boolean
  /** Set when the member has a symbol key, which this test cannot look up at runtime. */
  symbolKey: boolean
  /** A public property whose type admits `undefined`: it may be absent from an instance. */
  mayBeUnset: boolean
}

interface DeclaredExport {
  name: string
  kind: Kind
  /** `typeof` of a primitive const, and its value when the type is a literal. */
  primitive?: { typeOf: string; literal?: string | number | boolean }
  /** Properties of an exported object, or members of a class. */
  properties: string[]
  members: DeclaredMember[]
  /** Whether a class can be constructed with no arguments. */
  noArgs: boolean
}

function memberKind(decl: ts.Declaration): DeclaredMember['kind'] | undefined {
  if (ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl)) return 'method'
  if (ts.isGetAccessorDeclaration(decl) || ts.isSetAccessorDeclaration(decl)) return 'accessor'
  if (ts.isPropertyDeclaration(decl) || ts.isPropertySignature(decl)) return 'property'
  return undefined
}

/** Reads the exported values of a package's `dist/index.d.ts`. */
function readDeclarations(dts: string): DeclaredExport[] {
  const program = ts.createProgram([dts], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2020,
    types: ['miniprogram-api-typings'],
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(dts)
  const moduleSymbol = source && checker.getSymbolAtLocation(source)
  if (!moduleSymbol) throw new Error(`${dts} is not a module`)
  /** Declarations inside built `dist/` d.ts files count; the ones from lib (Error) do not. */
  const ours = (decl: ts.Declaration) =>
    /[\\/]dist[\\/]index\.d\.m?ts$/.test(decl.getSourceFile().fileName)

  const result: DeclaredExport[] = []
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    if (!(symbol.flags & ts.SymbolFlags.Value)) continue // a type or an interface
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0]
    if (!decl) continue
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl)
    const entry: DeclaredExport = {
      name: exported.name,
      kind: 'object',
      properties: [],
      members: [],
      noArgs: false,
    }
    if (symbol.flags & ts.SymbolFlags.Class) {
      entry.kind = 'class'
      entry.noArgs = type
        .getConstructSignatures()
        .some((signature) => signature.getParameters().every((p) => isOptionalParameter(p)))
      const collect = (props: ts.Symbol[], isStatic: boolean) => {
        for (const prop of props) {
          if (isStatic && prop.name === 'prototype') continue
          for (const member of prop.declarations ?? []) {
            const kind = memberKind(member)
            if (!kind || !ours(member)) continue
            const name = ts.getNameOfDeclaration(member)
            const modifiers = ts.getCombinedModifierFlags(member)
            // A private member has no type in a d.ts; a typed one that admits `undefined` may be
            // left unset (as `Error#cause` is when no cause is given) and still read as declared.
            const typed = !(modifiers & ts.ModifierFlags.Private)
            const propType = checker.getTypeOfSymbolAtLocation(prop, member)
            entry.members.push({
              name: name && ts.isComputedPropertyName(name) ? name.getText() : prop.name,
              kind,
              isStatic,
              symbolKey: !!name && ts.isComputedPropertyName(name),
              mayBeUnset:
                kind === 'property' &&
                typed &&
                !!(
                  propType.flags &
                    (ts.TypeFlags.Unknown | ts.TypeFlags.Any | ts.TypeFlags.Undefined) ||
                  (propType.isUnion() &&
                    propType.types.some((t) => t.flags & ts.TypeFlags.Undefined))
                ),
            })
            break
          }
        }
      }
      collect(checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)), false)
      collect(checker.getPropertiesOfType(type), true)
    } else if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
      // A const typed by an interface with `new (…)` (an error class made by defineError) is a
      // function at run time, like a class.
      entry.kind = 'function'
    } else if (
      type.flags &
      (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)
    ) {
      entry.kind = 'primitive'
      const typeOf =
        type.flags & ts.TypeFlags.StringLike
          ? 'string'
          : type.flags & ts.TypeFlags.NumberLike
            ? 'number'
            : 'boolean'
      entry.primitive = { typeOf }
      if (type.isStringLiteral() || type.isNumberLiteral()) entry.primitive.literal = type.value
      if (type.flags & ts.TypeFlags.BooleanLiteral)
        entry.primitive.literal = checker.typeToString(type) === 'true'
    } else if (type.flags & ts.TypeFlags.ESSymbolLike) {
      entry.kind = 'primitive'
      entry.primitive = { typeOf: 'symbol' }
    } else if (checker.isArrayType(type) || checker.isTupleType(type)) {
      entry.kind = 'array'
    } else {
      entry.properties = checker
        .getPropertiesOfType(type)
        .filter((prop) => !(prop.flags & ts.SymbolFlags.Optional))
        .map((prop) => prop.name)
    }
    result.push(entry)
  }
  return result
}

function isOptionalParameter(parameter: ts.Symbol): boolean {
  const decl = parameter.valueDeclaration
  return (
    !!decl &&
    ts.isParameter(decl) &&
    (!!decl.questionToken || !!decl.initializer || !!decl.dotDotDotToken)
  )
}

describe('built packages match their declarations', () => {
  it('should find the published packages', () => {
    expect(published.map(({ pkg }) => pkg.name)).toContain('@miniwire/core')
  })

  for (const { dir, pkg } of published) {
    const dts = join(dir, pkg.types ?? 'dist/index.d.ts')
    const main = join(dir, pkg.main!)
    const built = existsSync(dts) && existsSync(main)

    describe(pkg.name, () => {
      it('should have been built', () => {
        expect(existsSync(dts), `${dts} is missing: run pnpm build first`).toBe(true)
        expect(existsSync(main), `${main} is missing: run pnpm build first`).toBe(true)
      })
      if (!built) return

      const declared = readDeclarations(dts)
      const exports = require(main) as Record<string, unknown>

      it('should export every declared value with its declared kind', () => {
        expect(declared.length).toBeGreaterThan(0)
        const wrong: string[] = []
        for (const entry of declared) {
          const value = exports[entry.name]
          const actual = value === null ? 'null' : typeof value
          const expected =
            entry.kind === 'class' || entry.kind === 'function'
              ? 'function'
              : entry.kind === 'primitive'
                ? entry.primitive!.typeOf
                : 'object'
          if (actual !== expected) {
            wrong.push(`${entry.name}: declared ${entry.kind}, built ${actual}`)
            continue
          }
          if (
            entry.kind === 'class' &&
            typeof (value as { prototype?: unknown }).prototype !== 'object'
          ) {
            wrong.push(`${entry.name}: declared class, built function has no prototype`)
          }
          if (entry.kind === 'array' && !Array.isArray(value)) {
            wrong.push(`${entry.name}: declared array, built ${actual}`)
          }
          if (entry.primitive?.literal !== undefined && value !== entry.primitive.literal) {
            wrong.push(
              `${entry.name}: declared ${JSON.stringify(entry.primitive.literal)}, built ${String(value)}`,
            )
          }
          for (const property of entry.properties) {
            if (!(property in (value as object)))
              wrong.push(`${entry.name}.${property}: declared, not built`)
          }
        }
        expect(wrong).toEqual([])
      })

      for (const entry of declared.filter((e) => e.kind === 'class')) {
        const Class = exports[entry.name] as (new (...args: unknown[]) => object) | undefined
        const checkable = entry.members.filter((m) => !m.symbolKey)
        const symbolKeyed = entry.members.filter((m) => m.symbolKey).map((m) => m.name)
        const onPrototype = checkable.filter((m) => !m.isStatic && m.kind !== 'property')
        const statics = checkable.filter((m) => m.isStatic)
        const onInstance = checkable.filter((m) => !m.isStatic && m.kind === 'property')

        it(`should give class ${entry.name} every declared method and accessor`, () => {
          expect(typeof Class).toBe('function')
          const missing = [
            ...onPrototype
              .filter((m) => !(m.name in Class!.prototype))
              .map((m) => `${m.kind} ${m.name}`),
            ...statics.filter((m) => !(m.name in Class!)).map((m) => `static ${m.kind} ${m.name}`),
          ]
          expect(missing, `declared in ${entry.name} but not built`).toEqual([])
        })

        const args = CONSTRUCT[`${pkg.name}#${entry.name}`] ?? (entry.noArgs ? () => [] : undefined)
        if (onInstance.length + symbolKeyed.length > 0 && args) {
          it(`should give an instance of ${entry.name} every declared property`, () => {
            const instance = new Class!(...args())
            TOUCH[`${pkg.name}#${entry.name}`]?.(instance as never)
            const missing = onInstance
              .filter((m) => !m.mayBeUnset && !(m.name in instance))
              .map((m) => m.name)
            expect(missing, `declared in ${entry.name} but not on an instance`).toEqual([])
            // A symbol key (a `Symbol.for` brand) cannot be named from here: count them instead.
            const symbols = new Set<symbol>()
            for (let o: object | null = instance; o; o = Object.getPrototypeOf(o)) {
              for (const key of Object.getOwnPropertySymbols(o)) symbols.add(key)
            }
            expect(
              symbols.size,
              `${entry.name} declares ${symbolKeyed.join(', ')}: symbol-keyed properties on an instance`,
            ).toBeGreaterThanOrEqual(symbolKeyed.length)
          })
        } else if (onInstance.length + symbolKeyed.length > 0) {
          const names = [...onInstance.map((m) => m.name), ...symbolKeyed]
          it.todo(
            `not checked: instance properties of ${entry.name} (${names.join(', ')}); add its constructor arguments to CONSTRUCT`,
          )
        }
      }
    })
  }
})
