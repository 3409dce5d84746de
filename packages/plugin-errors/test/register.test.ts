/**
 * Envelope typing with a real `declare module '@miniwire/core' { interface Register … }`. A
 * registration is global to a TypeScript program, so each app in type-fixtures/ is compiled as a
 * program of its own (with the workspace's compiler options) and must type-check cleanly; its
 * `expectTypeOf` lines and `@ts-expect-error` comments are the assertions.
 */
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../../..')

const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile)
const options = ts.parseJsonConfigFileContent(config.config, ts.sys, root).options
/** The last program: the next one reuses its unchanged files (core, lib, node types). */
let previous: ts.Program | undefined

function typeErrors(fixture: string): string[] {
  const file = join(import.meta.dirname, '../type-fixtures', fixture)
  const program = ts.createProgram({
    rootNames: [file],
    options: { ...options, noEmit: true, noUnusedLocals: false, skipLibCheck: true },
    ...(previous ? { oldProgram: previous } : {}),
  })
  previous = program
  // Only the fixture's own diagnostics: the workspace's typecheck covers the rest.
  const source = program.getSourceFile(file)
  return [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

// Compiling a program takes seconds, more on a busy machine.
describe('a registered envelope', { timeout: 120_000 }, () => {
  it('should type get<User>() as User and the envelope on send() as carrying User', () => {
    expect(typeErrors('register-envelope.ts')).toEqual([])
  })

  it('should put T in the field envelopeData names', () => {
    expect(typeErrors('register-envelope-data.ts')).toEqual([])
  })
})
