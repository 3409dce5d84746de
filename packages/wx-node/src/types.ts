/**
 * The public shapes of wx-node: options, the log, the inspection state, the control surface
 * and `WxNode` itself. `WxNode` is the wx typings' own `Pick`, so code written against
 * `WechatMiniprogram.Wx` accepts it unchanged; the `$`-prefixed members never collide with
 * wx's names.
 */

/** Options of `createWx`. */
export interface WxNodeOptions {
  /**
   * Root folder for wx paths (`wxfile://usr/…`, temp and saved files).
   * @default a fresh `mkdtemp` folder, removed by `$dispose()`
   * @example join(tmpdir(), 'my-app-files')
   */
  sandboxDir?: string
  /**
   * Persist storage as JSON in this file; a new `createWx` over the same file sees the same
   * storage, as after restarting the app.
   * @default storage lives in memory only
   * @example join(dir, 'storage.json')
   */
  storageFile?: string
  /**
   * Shared limit of concurrent `request` / `uploadFile` / `downloadFile` tasks.
   * @default 10
   */
  maxTasks?: number
  /**
   * Beyond `maxTasks`: wait for a slot, or fail with errno 600007.
   * @default 'queue'
   */
  overflow?: 'queue' | 'fail'
  /**
   * Concurrent sockets allowed by `connectSocket`.
   * @default 5
   */
  maxSockets?: number
  /**
   * In-flight tasks fail `…:fail interrupted` and sockets drop after the app is hidden this long.
   * @default 5000
   */
  hideInterruptMs?: number
  /**
   * Bytes allowed in one storage key (key + serialised value).
   * @default 1048576 (1 MB)
   */
  storageKeyLimit?: number
  /**
   * Bytes allowed in all of storage.
   * @default 10485760 (10 MB)
   */
  storageTotalLimit?: number
  /**
   * When a reused keep-alive connection turns out to be closed (the server dropped it before
   * any byte of the answer came back), send an idempotent request (GET, HEAD, OPTIONS, PUT,
   * DELETE, TRACE) once more. POST and CONNECT are never sent again: the server may already
   * have acted on them, so they fail with `…:fail -101:net::ERR_CONNECTION_RESET`.
   * `false` re-sends nothing.
   * @default true
   * @example createWx({ resendOnStaleConnection: false }) // every drop reaches the caller
   */
  resendOnStaleConnection?: boolean
  /**
   * Bytes `downloadFile` accepts before failing.
   * @default 209715200 (200 MB)
   */
  maxDownloadBytes?: number
  /**
   * The first page of the page stack.
   * @default '/pages/index/index'
   */
  initialPage?: string
  /**
   * tabBar pages (paths without query). When given, `navigateTo`/`redirectTo` refuse them and
   * `switchTab` accepts only them.
   * @default []
   * @example ['/pages/index/index', '/pages/me/me']
   */
  tabBarPages?: string[]
}

/** The kinds of entry in `$log`. */
export type WxLogType = 'ui' | 'navigation' | 'storage' | 'network' | 'lifecycle' | 'permission'

/** One timestamped entry of `$log`. */
export interface WxLogEntry {
  /** `Date.now()` when the call was made. */
  time: number
  type: WxLogType
  /** The wx API (`showToast`, `setStorageSync`, `request`, …) or control (`hideApp`). */
  name: string
  /** What the call was given (callbacks left out). */
  args: unknown
}

/** The loading layer as it stands. */
export interface WxLoadingState {
  title: string
  mask: boolean
}

/** The toast layer as it stands. */
export interface WxToastState {
  title: string
  icon: 'success' | 'error' | 'loading' | 'none'
  image: string | undefined
  duration: number
  mask: boolean
}

/** A scripted `showModal` answer, fixed or computed from the modal's options. */
export type WxModalAnswer =
  | { confirm: boolean; content?: string }
  | ((options: WechatMiniprogram.ShowModalOption) => { confirm: boolean; content?: string })

/** Read-only view of the runtime, for assertions. */
export interface WxState {
  readonly appVisible: boolean
  readonly online: boolean
  readonly networkType: string
  /** Shown loading, or `null`. Shares one layer with the toast. */
  readonly currentLoading: WxLoadingState | null
  /** Shown toast, or `null`. */
  readonly currentToast: WxToastState | null
  /** Page URLs as navigation received them, bottom first. */
  readonly pageStack: string[]
  /** request/uploadFile/downloadFile tasks holding a slot. */
  readonly activeTasks: number
  /** Tasks waiting for a slot. */
  readonly queuedTasks: number
  /** Sockets connecting or open. */
  readonly openSockets: number
}

/** Test controls, kept apart from wx's own names. */
export interface WxControl {
  /** Sends the app to the background: `onAppHide` fires; after `hideInterruptMs` tasks fail and sockets drop. */
  hideApp(): void
  /** Brings the app back: `onAppShow` fires and the interrupt timer stops. */
  showApp(): void
  /**
   * Goes offline or online; `onNetworkStatusChange` listeners fire on each change.
   * @param networkType reported while online @default 'wifi'
   */
  setOnline(online: boolean, networkType?: string): void
  /** How `showModal` answers. @default { confirm: true } */
  setModalAnswer(answer: WxModalAnswer): void
  /** Grants (`true`), denies (`false`) or resets (`undefined`: never asked) a scope such as `scope.writePhotosAlbum`. */
  setPermission(scope: string, state: boolean | undefined): void
  /** Real files `chooseMedia` / `chooseImage` return (copied into the sandbox as temp files). */
  setChooseMediaFiles(paths: string[]): void
  /** Where `wx.login` codes come from. @default a fresh unique string per call */
  setLoginCode(fn: () => string): void
  /** The real path behind a wx path (`wxfile://usr/a.txt`). Throws for paths outside the sandbox. */
  resolvePath(wxPath: string): string
  /** Writes a temp file and returns its wx path, as if the user had picked it. */
  writeTempFile(name: string, content: string | Uint8Array): string
}

/** The wx APIs wx-node implements, typed by miniprogram-api-typings. */
export type WxNodeApi = Pick<
  WechatMiniprogram.Wx,
  | 'request'
  | 'uploadFile'
  | 'downloadFile'
  | 'connectSocket'
  | 'getFileSystemManager'
  | 'login'
  | 'getStorage'
  | 'getStorageSync'
  | 'setStorage'
  | 'setStorageSync'
  | 'removeStorage'
  | 'removeStorageSync'
  | 'clearStorage'
  | 'clearStorageSync'
  | 'getStorageInfo'
  | 'getStorageInfoSync'
  | 'showLoading'
  | 'hideLoading'
  | 'showToast'
  | 'hideToast'
  | 'showModal'
  | 'navigateTo'
  | 'redirectTo'
  | 'reLaunch'
  | 'switchTab'
  | 'navigateBack'
  | 'onAppShow'
  | 'onAppHide'
  | 'offAppShow'
  | 'offAppHide'
  | 'onNetworkStatusChange'
  | 'offNetworkStatusChange'
  | 'getNetworkType'
  | 'getSetting'
  | 'authorize'
  | 'openSetting'
  | 'saveImageToPhotosAlbum'
  | 'chooseMedia'
  | 'chooseImage'
>

/** A wx runtime on Node: the wx API plus the `$` inspection and control surface. */
export type WxNode = WxNodeApi & {
  env: { USER_DATA_PATH: string }
  $control: WxControl
  /** Every UI call, navigation, storage write, lifecycle and permission event, oldest first. */
  $log: WxLogEntry[]
  $state: WxState
  /** Closes sockets, aborts tasks, clears timers and removes the default sandbox. Idempotent. */
  $dispose(): Promise<void>
}
