/**
 * @miniwire/wx-node: the wx API surface on Node, backed by real HTTP (node:http/https),
 * WebSocket (ws), files (a sandbox folder) and bounded storage.
 */
export { createWx } from './create-wx'
export { WX_ERRNO, type WxFailResult } from './errno'
export { USER_DATA_PATH } from './fs/sandbox'
export type {
  WxControl,
  WxLoadingState,
  WxLogEntry,
  WxLogType,
  WxModalAnswer,
  WxNode,
  WxNodeApi,
  WxNodeOptions,
  WxState,
  WxToastState,
} from './types'
