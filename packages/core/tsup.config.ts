import { packageConfig } from '../../tsup.config.base'

export default packageConfig({
  // Private members are named `_x`; mangling them keeps core inside its 3 KB budget.
  esbuildOptions(options) {
    options.mangleProps = /^_[a-z]/
  },
})
