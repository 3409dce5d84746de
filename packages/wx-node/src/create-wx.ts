/**
 * `createWx()`: one wx runtime over real HTTP, WebSocket, files and storage. The wx API
 * modules each take the shared `Runtime`; this file joins them with the `$` inspection and
 * control surface and the cleanup that `$dispose()` runs.
 */
import { writeFileSync } from 'node:fs'
import { lifecycleApi } from './app/lifecycle'
import { navigationApi } from './app/navigation'
import { permissionsApi } from './app/permissions'
import { storageApi } from './app/storage'
import { uiApi } from './app/ui'
import { createFileSystemManager } from './fs/manager'
import { USER_DATA_PATH } from './fs/sandbox'
import { createDownloadFile } from './net/download'
import { createRequest } from './net/request'
import { createConnectSocket } from './net/socket'
import { createUploadFile } from './net/upload'
import { Runtime } from './runtime'
import type { WxControl, WxNode, WxNodeOptions, WxState } from './types'

/**
 * Creates a wx runtime for Node. Pass it wherever code expects `wx`.
 *
 * @example
 * const wx = createWx()
 * wx.request({ url: 'http://127.0.0.1:3000/users/1', success: (res) => console.log(res.data) })
 * await wx.$dispose()
 */
export function createWx(options: WxNodeOptions = {}): WxNode {
  const rt = new Runtime(options)
  try {
    return assemble(rt)
  } catch (error) {
    // Past this point the runtime owns a temp folder and two agents; a createWx that throws
    // (a storageFile that is not JSON, …) must not leave them behind.
    rt.release()
    throw error
  }
}

function assemble(rt: Runtime): WxNode {
  const lifecycle = lifecycleApi(rt)
  const fileSystem = createFileSystemManager(rt.sandbox)

  const control: WxControl = {
    ...lifecycle.control,
    setModalAnswer(answer) {
      rt.modalAnswer = answer
    },
    setPermission(scope, state) {
      if (state === undefined) rt.permissions.delete(scope)
      else rt.permissions.set(scope, state)
      rt.record('permission', 'setPermission', { scope, state })
    },
    setChooseMediaFiles(paths) {
      rt.chooseFiles = [...paths]
    },
    setLoginCode(fn) {
      rt.loginCode = fn
    },
    resolvePath(wxPath) {
      try {
        return rt.sandbox.toReal(wxPath, 'resolvePath')
      } catch (error) {
        throw new Error((error as Error).message)
      }
    },
    writeTempFile(name, content) {
      const dot = name.lastIndexOf('.')
      const temp = rt.sandbox.newTemp(dot > 0 ? name.slice(dot) : '')
      writeFileSync(temp.real, content)
      return temp.wxPath
    },
  }

  const state: WxState = {
    get appVisible() {
      return rt.appVisible
    },
    get online() {
      return rt.online
    },
    get networkType() {
      return rt.networkType
    },
    get currentLoading() {
      return rt.loading ? { ...rt.loading } : null
    },
    get currentToast() {
      return rt.toast ? { ...rt.toast } : null
    },
    get pageStack() {
      return [...rt.pageStack]
    },
    get activeTasks() {
      return rt.slots.active
    },
    get queuedTasks() {
      return rt.slots.waiting
    },
    get openSockets() {
      return rt.sockets.size
    },
  }

  const wx = {
    env: { USER_DATA_PATH },
    request: createRequest(rt),
    uploadFile: createUploadFile(rt),
    downloadFile: createDownloadFile(rt),
    getFileSystemManager: () => fileSystem,
    connectSocket: createConnectSocket(rt),
    ...storageApi(rt),
    ...uiApi(rt),
    ...navigationApi(rt),
    ...lifecycle.api,
    ...permissionsApi(rt),
    $control: control,
    $log: rt.log,
    $state: state,
    async $dispose(): Promise<void> {
      if (rt.disposed) return
      rt.disposed = true
      for (const task of [...rt.tasks]) task.interrupt('abort', 1)
      for (const socket of [...rt.sockets]) socket.drop(1001, 'runtime disposed')
      rt.appShow.clear()
      rt.appHide.clear()
      rt.networkChange.clear()
      rt.release()
    },
  }
  // The implementations follow wx's runtime behaviour; the typings' overloads (Promise when no
  // callback) are expressed once here rather than in every module.
  return wx as unknown as WxNode
}
