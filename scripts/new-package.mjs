#!/usr/bin/env node
// `pnpm new:package NAME [--description "…"]`: a new package from templates/package, complete
// from its first commit: package.json (core as a peer, workspace dev dependencies), tsup
// config, README, LICENSE, a plugin on core's kit (options, a stage, an error), its tests (an
// integration test, a mini-program VM test, type tests), and its registration in the workspace
// (tsconfig paths, a size budget in scripts/size.mjs, the changeset version group).
// `--out DIR` writes the files to DIR and registers nothing (the template's own test uses it).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

const root = join(import.meta.dirname, '..')
const args = process.argv.slice(2)
const flag = (name) => {
  const at = args.indexOf(name)
  return at >= 0 ? args.splice(at, 2)[1] : undefined
}
const out = flag('--out')
const description = flag('--description') || 'A miniwire package built on core’s plugin kit.'
const name = args[0]

if (!name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
  console.error(
    `usage: pnpm new:package NAME [--description "…"] — NAME in kebab-case, e.g. plugin-trace; got ${JSON.stringify(name)}`,
  )
  process.exit(1)
}

const short = name.replace(/^plugin-/, '')
const camel = short.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())
const pascal = camel[0].toUpperCase() + camel.slice(1)
const values = {
  __PACKAGE__: `@miniwire/${name}`,
  __DIR__: name,
  __NAME__: short,
  __FACTORY__: camel,
  __TYPE__: pascal,
  __ERROR__: `${pascal}Error`,
  __CODE__: `ERR_${short.toUpperCase().replace(/-/g, '_')}`,
  __DESCRIPTION__: description,
}
const fill = (text) => text.replace(/__[A-Z]+__/g, (key) => values[key] ?? key)

const target = out || join(root, 'packages', name)
if (existsSync(target) && readdirSync(target).length) {
  console.error(`new:package: ${relative(root, target) || target} exists and is not empty`)
  process.exit(1)
}

const template = join(root, 'templates', 'package')
function copy(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name)
    const dest = join(to, entry.name)
    if (entry.isDirectory()) copy(source, dest)
    else {
      mkdirSync(dirname(dest), { recursive: true })
      writeFileSync(dest, fill(readFileSync(source, 'utf8')))
    }
  }
}
copy(template, target)
cpSync(join(root, 'LICENSE'), join(target, 'LICENSE'))

if (!out) {
  const tsconfigPath = join(root, 'tsconfig.json')
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, 'utf8'))
  tsconfig.compilerOptions.paths[values.__PACKAGE__] = [`./packages/${name}/src/index.ts`]
  writeFileSync(tsconfigPath, `${JSON.stringify(tsconfig, null, 2)}\n`)

  const sizePath = join(root, 'scripts', 'size.mjs')
  const size = readFileSync(sizePath, 'utf8')
  const marker = 'const ENTRIES = [\n'
  writeFileSync(
    sizePath,
    size.replace(marker, `${marker}  { name: '${values.__PACKAGE__}', budget: 2 },\n`),
  )

  const changesetPath = join(root, '.changeset', 'config.json')
  const changeset = JSON.parse(readFileSync(changesetPath, 'utf8'))
  const group = changeset.fixed[0]
  if (!name.startsWith('plugin-') && !group.includes(values.__PACKAGE__)) {
    group.push(values.__PACKAGE__)
    writeFileSync(changesetPath, `${JSON.stringify(changeset, null, 2)}\n`)
  }
}

console.log(`made ${values.__PACKAGE__} in ${relative(root, target) || target}`)
if (!out) {
  console.log(
    'next: pnpm install && pnpm --filter ' +
      `${values.__PACKAGE__} build && node scripts/test.mjs --project ${name}` +
      ' — then set its real size budget in scripts/size.mjs and replace the example behaviour.',
  )
}
