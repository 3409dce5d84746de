/**
 * `wx.downloadFile`: streams the response of any status to a temp file (or to `filePath`
 * under `wx.env.USER_DATA_PATH`), reports progress from bytes received, and refuses files over
 * 200 MB. Bytes go to a `.part` file renamed into place at the end, so an abort, a timeout or
 * a dropped connection leaves no partial file behind.
 */
import { createWriteStream, existsSync, renameSync, rmSync, type WriteStream } from 'node:fs'
import { dirname, extname } from 'node:path'
import { type CallbackOptions, deliverFail } from '../callbacks'
import { asFailure, failure, WX_ERRNO } from '../errno'
import type { Runtime } from '../runtime'
import { normaliseHeaders } from './encode'
import { Exchange, headerObject } from './exchange'
import { Listeners } from '../listeners'
import { deadTransferTask, transferTask } from './transfer-task'
import { extensionOf } from './multipart'

type Progress = WechatMiniprogram.DownloadTaskOnProgressUpdateListenerResult
type Headers = WechatMiniprogram.DownloadTaskOnHeadersReceivedListenerResult

function urlExtension(url: string): string {
  try {
    const ext = extname(new URL(url).pathname)
    return /^\.[a-z0-9]{1,8}$/i.test(ext) ? ext : ''
  } catch {
    return ''
  }
}

export function createDownloadFile(rt: Runtime) {
  return function downloadFile(
    option: WechatMiniprogram.DownloadFileOption,
  ): WechatMiniprogram.DownloadTask {
    if (!option || typeof option !== 'object')
      throw new TypeError('wx.downloadFile expects an options object')
    const callbacks = option as unknown as CallbackOptions
    const url = String(option.url ?? '')
    rt.record('network', 'downloadFile', { url, filePath: option.filePath })
    let target: { wxPath: string; real: string } | undefined
    try {
      if (option.filePath !== undefined) {
        const real = rt.sandbox.toWritable(option.filePath, 'downloadFile')
        if (!existsSync(dirname(real))) {
          throw failure(
            'downloadFile',
            `no such file or directory ${option.filePath}`,
            WX_ERRNO.FS_NO_SUCH_FILE,
          )
        }
        target = { wxPath: option.filePath, real }
      }
    } catch (error) {
      queueMicrotask(() => deliverFail(callbacks, asFailure('downloadFile', error).toResult()))
      return deadTransferTask<WechatMiniprogram.DownloadTask>()
    }
    const progress = new Listeners<Progress>()
    const onHeaders = new Listeners<Headers>()
    const max = rt.options.maxDownloadBytes
    let out: WriteStream | undefined
    let partPath: string | undefined

    const exchange = new Exchange(rt, {
      api: 'downloadFile',
      url,
      method: 'GET',
      headers: normaliseHeaders(option.header),
      timeout: option.timeout ?? 60000,
      redirect: 'follow',
      callbacks,
      writeBody(req) {
        req.end()
      },
      onHeaders(res) {
        onHeaders.emit({ header: headerObject(res) })
      },
      consume(res, ctl) {
        const expected = Number(res.headers['content-length'] ?? 0)
        if (expected > max) return ctl.fail('exceed max file size', WX_ERRNO.FS_STORAGE_LIMIT)
        const dest =
          target ??
          rt.sandbox.newTemp(urlExtension(url) || extensionOf(res.headers['content-type']))
        partPath = `${dest.real}.part`
        const file = createWriteStream(partPath)
        out = file
        let written = 0
        file.on('error', (error) => ctl.fail(`system error ${error.message}`, 1300201))
        res.on('data', (chunk: Buffer) => {
          if (written + chunk.length > max)
            return ctl.fail('exceed max file size', WX_ERRNO.FS_STORAGE_LIMIT)
          file.write(chunk, () => {
            written += chunk.length
            progress.emit({
              progress: expected ? Math.floor((written / expected) * 100) : 0,
              totalBytesWritten: written,
              totalBytesExpectedToWrite: expected,
            })
          })
        })
        res.on('end', () => {
          file.end(() => {
            if (!partPath) return
            renameSync(partPath, dest.real)
            partPath = undefined
            const where = target ? { filePath: dest.wxPath } : { tempFilePath: dest.wxPath }
            ctl.succeed({
              ...where,
              statusCode: res.statusCode ?? 0,
              header: headerObject(res),
              profile: ctl.profile(),
            })
          })
        })
      },
      onFail() {
        out?.destroy()
        if (partPath) rmSync(partPath, { force: true })
        partPath = undefined
      },
    })
    exchange.start()
    return transferTask<WechatMiniprogram.DownloadTask>(() => exchange.abort(), progress, onHeaders)
  }
}
