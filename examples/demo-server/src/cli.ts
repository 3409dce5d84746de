/**
 * `pnpm demo:server [--port N] [--host H] [--quiet]`: runs the demo server in the foreground,
 * printing its URL and one line per request until Ctrl-C, `kill`, or the end of the command
 * that started it (see `launcher-watch.ts`). The port defaults to `$PORT`, then 3000;
 * `--port 0` picks a free one.
 */
import { parseArgs } from 'node:util'
import { watchLauncher } from './launcher-watch'
import { startDemoServer } from './server'

const USAGE = 'usage: demo-server [--port N] [--host HOST] [--quiet]'

async function main(): Promise<void> {
  let values: { port?: string; host?: string; quiet?: boolean; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`)
    process.exit(2)
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const given = values.port ?? process.env.PORT
  const port = given === undefined ? 3000 : Number(given)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be an integer from 0 to 65535, got "${given}"\n${USAGE}\n`)
    process.exit(2)
  }
  const server = await startDemoServer({
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    log: !values.quiet,
  })
  process.stdout.write(
    `miniwire demo server listening on ${server.url} (WebSocket ${server.wsUrl}?token=…)\n` +
      'log in with demo / demo123 · Ctrl-C to stop\n',
  )
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    process.stdout.write('stopping…\n')
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`close failed: ${(err as Error).message}\n`)
        process.exit(1)
      },
    )
  }
  // Ctrl-C, `kill`, a closed terminal, or the command that started us gone without a signal:
  // each closes the server and exits 0, so the port is free for the next start.
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  process.on('SIGHUP', stop)
  watchLauncher(stop)
}

main().catch((err: unknown) => {
  process.stderr.write(`demo-server failed to start: ${(err as Error).message}\n`)
  process.exit(1)
})
