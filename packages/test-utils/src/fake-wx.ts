/**
 * A scriptable fake `wx.request` for pure pipeline semantics (onion order, replay, scheduler
 * bookkeeping). Anything that touches the network is tested through `@miniwire/wx-node`
 * against a real server instead.
 */

/** What a scripted handler answers. */
export type FakeAnswer =
  | { statusCode?: number; data?: unknown; header?: Record<string, string>; cookies?: string[] }
  | { fail: { errMsg: string; errno?: number } }

/** One recorded call. */
export interface FakeCall {
  options: WechatMiniprogram.RequestOption
  aborted: boolean
}

export interface FakeWx {
  request: (options: WechatMiniprogram.RequestOption) => WechatMiniprogram.RequestTask
  calls: FakeCall[]
  /** Tasks started and not yet completed. */
  readonly inFlight: number
}

/**
 * @param handler answers each call; may return a promise to hold the task open.
 * @example
 * const wx = createFakeWx(() => ({ statusCode: 200, data: { ok: true } }))
 */
export function createFakeWx(
  handler: (
    options: WechatMiniprogram.RequestOption,
    call: FakeCall,
  ) => FakeAnswer | Promise<FakeAnswer> = () => ({ statusCode: 200, data: null }),
): FakeWx {
  let inFlight = 0
  const calls: FakeCall[] = []
  const fake: FakeWx = {
    calls,
    get inFlight() {
      return inFlight
    },
    request(options) {
      const call: FakeCall = { options, aborted: false }
      calls.push(call)
      inFlight++
      let done = false
      const finish = (answer: FakeAnswer): void => {
        if (done) return
        done = true
        inFlight--
        if ('fail' in answer)
          options.fail?.(answer.fail as WechatMiniprogram.RequestFailCallbackErr)
        else {
          options.success?.({
            statusCode: answer.statusCode ?? 200,
            data: answer.data as string,
            header: answer.header ?? {},
            cookies: answer.cookies ?? [],
            errMsg: 'request:ok',
          } as unknown as WechatMiniprogram.RequestSuccessCallbackResult)
        }
        options.complete?.({ errMsg: 'request:complete' })
      }
      Promise.resolve()
        .then(() => handler(options, call))
        .then(finish, (error: unknown) =>
          finish({ fail: { errMsg: `request:fail ${String(error)}`, errno: 600000 } }),
        )
      return {
        abort() {
          call.aborted = true
          finish({ fail: { errMsg: 'request:fail abort', errno: 1 } })
        },
        onHeadersReceived() {},
        offHeadersReceived() {},
        onChunkReceived() {},
        offChunkReceived() {},
      } as unknown as WechatMiniprogram.RequestTask
    },
  }
  return fake
}
