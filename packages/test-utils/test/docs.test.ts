/**
 * Docs that ship to npm tell the truth a new user relies on: every published package's README
 * says how to install before the first release, links nothing by a relative path that breaks
 * on npm, names no internal design files, and uses top-level `await` only in a block that says
 * it is a Node ES module (a CommonJS mini program has none).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishedPackages, workspaceRoot } from '../src'

const root = workspaceRoot
const published = publishedPackages().map(({ dir }) => dir)

/** Fenced code blocks of a Markdown text. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((match) => match[1]!)
}

describe.each(published.map((dir) => [dir.slice(root.length + 1), dir]))('%s README', (_, dir) => {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8')

  it('should name its repository, homepage, issue tracker and engines in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    expect(pkg.repository).toMatchObject({ type: 'git', directory: dir.slice(root.length + 1) })
    expect(typeof pkg.homepage).toBe('string')
    expect(pkg.bugs).toBeTruthy()
    expect(pkg.engines && typeof pkg.engines.node).toBe('string')
  })

  it('should say how to install before the first release', () => {
    expect(readme).toMatch(/not (yet )?published( yet)?/i)
    expect(readme).toContain('pnpm pack')
  })

  it('should link nothing by a relative path outside the package, nor internal design files', () => {
    expect(readme).not.toMatch(/\]\(\.\.\//)
    expect(readme).not.toMatch(/DESIGN\.md|STYLE\.md|shared\/reference/)
  })

  it('should use top-level await only in a block marked as a Node ES module', () => {
    const unmarked = codeBlocks(readme).filter(
      (block) => /^(await |(const|let) .+= await )/m.test(block) && !/ES module/.test(block),
    )
    expect(unmarked).toEqual([])
  })
})
