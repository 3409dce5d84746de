/**
 * `pnpm demo:server` started for real from the workspace root (pnpm → pnpm → node),
 * then stopped the ways people stop it. Each run gets its own process group, as a terminal
 * job does, so a signal to the group reaches every layer and nothing else.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, type ExpectStatic, it } from 'vitest'

const server = join(import.meta.dirname, '..')
const root = join(server, '../..')
const started: ChildProcess[] = []

afterAll(() => {
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // the group is gone already
    }
  }
})

/** Runs `command` in a process group of its own and waits until the server listens. */
async function start(expect: ExpectStatic, command: string, args: string[], cwd = root) {
  const proc = spawn(command, args, { cwd, detached: true })
  started.push(proc)
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  )
  await expect
    .poll(() => out, { timeout: 30_000 })
    .toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/)
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)![1])
  return { proc, port, exited, out: () => out }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

// Starting pnpm twice over takes seconds (many more on a busy machine): the runs go side by
// side, each with its test's own `expect`.
const SLOW = { timeout: 40_000 }
describe.skipIf(process.platform === 'win32')('stopping pnpm demo:server', () => {
  it.concurrent(
    'should free the port within seconds when the pnpm process gets SIGTERM',
    SLOW,
    async ({ expect }) => {
      const run = await start(expect, 'pnpm', ['demo:server', '--port', '0'])
      expect(await listening(run.port)).toBe(true)
      run.proc.kill('SIGTERM')
      await expect.poll(() => listening(run.port), { timeout: 3_000 }).toBe(false)
    },
  )

  it.concurrent(
    'should exit 0 with no "Command failed" line when Ctrl-C reaches the process group',
    SLOW,
    async ({ expect }) => {
      const run = await start(expect, 'pnpm', ['demo:server', '--port', '0'])
      process.kill(-run.proc.pid!, 'SIGINT')
      const exited = await run.exited
      expect(run.out()).toMatch(/stopping…/)
      expect(run.out()).not.toMatch(/Command failed|ERR_PNPM|ELIFECYCLE/)
      expect(exited).toEqual({ code: 0, signal: null })
      expect(await listening(run.port)).toBe(false)
    },
  )

  it.concurrent(
    'should stop on its own when the process that launched it is killed with SIGKILL',
    SLOW,
    async ({ expect }) => {
      // A shell that forwards nothing stands for any launcher killed outright (pnpm included):
      // no signal reaches the server, which notices that its launcher is gone.
      const run = await start(
        expect,
        'sh',
        ['-c', 'node --import tsx src/cli.ts --port 0; :'],
        server,
      )
      run.proc.kill('SIGKILL')
      // The server finds out by polling its launch chain (every 250 ms): allow for a machine busy
      // with the rest of the suite; what matters is that it stops with nobody telling it to.
      await expect.poll(() => listening(run.port), { timeout: 10_000 }).toBe(false)
    },
  )
})
