import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const pkg = join(import.meta.dirname, '..')
let child: ChildProcess | undefined

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
})

function run(args: string[]) {
  // As the `start` script runs it: node with tsx as a loader. The tsx CLI would stand between
  // (its signal relay SIGKILLs a child that does not confirm a signal within 30 ms).
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: pkg })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<number | null>((resolve) =>
    child!.once('exit', (code) => resolve(code)),
  )
  return { proc: child, exited, out: () => out, err: () => err }
}

describe('the demo:server command', () => {
  it('should print its URL, log requests, and stop cleanly on Ctrl-C', async () => {
    const cli = run(['--', '--port', '0'])
    await expect
      .poll(cli.out, { timeout: 15_000 })
      .toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/)
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(cli.out())![0]
    expect((await fetch(`${url}/echo/text`)).status).toBe(200)
    await expect.poll(cli.out).toMatch(/GET \/echo\/text 200/)
    cli.proc.kill('SIGINT')
    expect(await cli.exited).toBe(0)
  })

  it('should refuse a bad --port with a message naming it', async () => {
    const cli = run(['--port', 'abc'])
    expect(await cli.exited).toBe(2)
    expect(cli.err()).toMatch(/--port must be an integer/)
  })
})
