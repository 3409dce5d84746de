/**
 * `wx.uploadFile`: a real multipart/form-data POST of the whole file with `formData`. Progress
 * counts bytes the socket accepted (each write's callback), not bytes read from disk. The
 * result's `data` is always a string, as on wx.
 */
import { createReadStream, statSync } from 'node:fs'
import { type CallbackOptions, deliverFail } from '../callbacks'
import { asFailure, failure, WX_ERRNO } from '../errno'
import type { Runtime } from '../runtime'
import { normaliseHeaders } from './encode'
import { Exchange, headerObject } from './exchange'
import { Listeners } from '../listeners'
import { deadTransferTask, transferTask } from './transfer-task'
import { multipartFrame } from './multipart'

type Progress = WechatMiniprogram.UploadTaskOnProgressUpdateListenerResult
type Headers = { header: Record<string, unknown> }

export function createUploadFile(rt: Runtime) {
  return function uploadFile(
    option: WechatMiniprogram.UploadFileOption,
  ): WechatMiniprogram.UploadTask {
    if (!option || typeof option !== 'object')
      throw new TypeError('wx.uploadFile expects an options object')
    const callbacks = option as unknown as CallbackOptions
    rt.record('network', 'uploadFile', {
      url: option.url,
      filePath: option.filePath,
      name: option.name,
    })
    let real: string
    let size: number
    try {
      if (typeof option.name !== 'string' || option.name === '') {
        throw failure('uploadFile', 'parameter error: parameter.name should be a non-empty String')
      }
      real = rt.sandbox.toReal(option.filePath, 'uploadFile')
      try {
        size = statSync(real).size
      } catch {
        throw failure('uploadFile', `file not found ${option.filePath}`, WX_ERRNO.FS_NO_SUCH_FILE)
      }
    } catch (error) {
      queueMicrotask(() => deliverFail(callbacks, asFailure('uploadFile', error).toResult()))
      return deadTransferTask<WechatMiniprogram.UploadTask>()
    }
    const frame = multipartFrame(option.name, real, option.formData)
    const total = frame.head.length + size + frame.tail.length
    const headers = normaliseHeaders(option.header)
    for (const k of Object.keys(headers)) if (/^content-(type|length)$/i.test(k)) delete headers[k]
    headers['content-type'] = `multipart/form-data; boundary=${frame.boundary}`
    headers['content-length'] = String(total)
    const progress = new Listeners<Progress>()
    const onHeaders = new Listeners<Headers>()
    let finished = false

    const exchange = new Exchange(rt, {
      api: 'uploadFile',
      url: String(option.url ?? ''),
      method: 'POST',
      headers,
      timeout: option.timeout ?? 60000,
      redirect: 'follow',
      callbacks,
      writeBody(req, method) {
        if (method !== 'POST') return void req.end()
        let sent = 0
        const report = (n: number) => {
          sent += n
          if (!finished) {
            progress.emit({
              progress: Math.floor((sent / total) * 100),
              totalBytesSent: sent,
              totalBytesExpectedToSend: total,
            })
          }
        }
        req.write(frame.head, () => report(frame.head.length))
        const stream = createReadStream(real)
        req.on('close', () => stream.destroy())
        stream.on('data', (chunk) => {
          const n = chunk.length
          if (!req.write(chunk, () => report(n))) {
            stream.pause()
            req.once('drain', () => stream.resume())
          }
        })
        stream.on('error', (error) => req.destroy(error))
        stream.on('end', () => req.end(frame.tail, () => report(frame.tail.length)))
      },
      onHeaders(res) {
        onHeaders.emit({ header: headerObject(res) })
      },
      consume(res, ctl) {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          finished = true
          ctl.succeed({
            data: Buffer.concat(chunks).toString('utf8'),
            statusCode: res.statusCode ?? 0,
            profile: ctl.profile(),
          })
        })
      },
      onFail() {
        finished = true
      },
    })
    exchange.start()
    return transferTask<WechatMiniprogram.UploadTask>(() => exchange.abort(), progress, onHeaders)
  }
}
