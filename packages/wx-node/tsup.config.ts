import { packageConfig } from '../../tsup.config.base'

// The public types are built from the global `WechatMiniprogram` namespace: keep the reference
// in the emitted .d.ts so consumers get miniprogram-api-typings (a dependency) with them.
export default packageConfig({
  dts: { banner: '/// <reference types="miniprogram-api-typings" />' },
})
