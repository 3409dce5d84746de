/**
 * A fake runtime for the pure single-flight tests: core's scriptable `wx.request` plus the
 * storage and navigation calls the plugin makes, recorded so tests can count redirects.
 */
import { createFakeWx, type FakeAnswer } from '@miniwire/test-utils'

export interface FakeRuntime {
  wx: WechatMiniprogram.Wx
  storage: Map<string, unknown>
  navigations: Array<{ method: string; url: string }>
  calls: ReturnType<typeof createFakeWx>['calls']
  /** The Authorization header of each call, read when the call was made. */
  sent: Array<string | undefined>
}

export function createFakeRuntime(
  handler: (options: WechatMiniprogram.RequestOption) => FakeAnswer | Promise<FakeAnswer>,
): FakeRuntime {
  const sent: Array<string | undefined> = []
  const fake = createFakeWx((options) => handler(options))
  const request = (options: WechatMiniprogram.RequestOption) => {
    sent.push(authHeader(options))
    return fake.request(options)
  }
  const storage = new Map<string, unknown>()
  const navigations: Array<{ method: string; url: string }> = []
  const navigate =
    (method: string) =>
    (options: { url: string; success?: () => void }): void => {
      navigations.push({ method, url: options.url })
      options.success?.()
    }
  const wx = {
    request,
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    reLaunch: navigate('reLaunch'),
    redirectTo: navigate('redirectTo'),
    navigateTo: navigate('navigateTo'),
  } as unknown as WechatMiniprogram.Wx
  return { wx, storage, navigations, calls: fake.calls, sent }
}

/** A promise with its resolve/reject outside, to hold a refresh open. */
export function deferred<T>(): {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
} {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** The header the fake server saw on a call. */
export function authHeader(options: WechatMiniprogram.RequestOption): string | undefined {
  return (options.header as Record<string, string> | undefined)?.authorization
}
