// The fake wx every benchmark times against: `request` answers on the next microtask (like a
// cache hit), the storage sync APIs keep values in a Map (plugin-auth reads its token with
// getStorageSync), and it remembers the last request's header so a side can check what it sent.
// One module, so every benchmark's floor is the same floor.

/** @param {Record<string, string>} [header] the response headers @default JSON content-type */
export function createBenchWx(header = { 'content-type': 'application/json' }) {
  const storage = new Map()
  const task = {
    abort() {},
    onHeadersReceived() {},
    offHeadersReceived() {},
    onChunkReceived() {},
    offChunkReceived() {},
  }
  const wx = {
    lastHeader: undefined,
    request(options) {
      wx.lastHeader = options.header
      Promise.resolve().then(() => {
        // Like wx, `complete` gets the same result as `success` (luch-request reads it there).
        const res = {
          statusCode: 200,
          data: { id: 1, name: 'demo' },
          header,
          cookies: [],
          errMsg: 'request:ok',
        }
        options.success?.(res)
        options.complete?.(res)
      })
      return task
    },
    getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key, value) => void storage.set(key, value),
    removeStorageSync: (key) => void storage.delete(key),
  }
  return wx
}
