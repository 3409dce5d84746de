/**
 * The workspace's published packages (not private, with a `main`), read from `packages/*`:
 * the checks that every published package must pass (VM, declarations, strict consumer, docs)
 * all walk this one list.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The fields of a package.json those checks read. */
export interface Manifest {
  name: string
  main?: string
  types?: string
  private?: boolean
  peerDependencies?: Record<string, string>
  [field: string]: unknown
}

/** A published package: its folder and its manifest. */
export interface PublishedPackage {
  dir: string
  pkg: Manifest
}

/** The repository's root folder. */
export const workspaceRoot: string = join(import.meta.dirname, '../../..')

/**
 * @example
 * for (const { dir, pkg } of publishedPackages()) expect(existsSync(join(dir, pkg.main!))).toBe(true)
 */
export function publishedPackages(): PublishedPackage[] {
  const packagesDir = join(workspaceRoot, 'packages')
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({
      dir,
      pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest,
    }))
    .filter(({ pkg }) => !pkg.private && !!pkg.main)
}
