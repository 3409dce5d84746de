/**
 * The demo server is a Node program, not a mini-program bundle: it builds for Node 20 and also
 * emits the CLI (`node dist/cli.js`), which `pnpm start` does not need (it runs the source
 * through tsx).
 */
import { packageConfig } from '../../tsup.config.base'

export default packageConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  platform: 'node',
  target: 'node20',
})
