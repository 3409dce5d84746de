/**
 * wx storage: values keep their type (numbers, booleans, objects, Dates) and come back as
 * fresh copies; a missing key reads as `''` (sync) or fails `getStorage:fail data not found`
 * (async); one key may hold 1 MB and all keys 10 MB, counted in UTF-8 bytes of key plus
 * serialised value. With `storageFile`, every write is saved atomically (temp file + rename)
 * so a new runtime over the same file sees the same storage.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { type CallbackOptions, invoke, invokeSync } from '../callbacks'
import { failure } from '../errno'
import type { Runtime } from '../runtime'

interface Stored {
  type: string
  data?: unknown
}

function typeName(value: unknown): string {
  const t = Object.prototype.toString.call(value).slice(8, -1)
  return t.charAt(0).toUpperCase() + t.slice(1)
}

function serialise(api: string, value: unknown): string {
  const stored: Stored =
    value instanceof Date
      ? { type: 'Date', data: value.toISOString() }
      : value === undefined
        ? { type: 'Undefined' }
        : { type: typeof value, data: value }
  try {
    return JSON.stringify(stored)
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    throw failure(api, `parameter error: data cannot be serialised (${why})`)
  }
}

function deserialise(text: string): unknown {
  const stored = JSON.parse(text) as Stored
  if (stored.type === 'Date') return new Date(stored.data as string)
  if (stored.type === 'Undefined') return undefined
  return stored.data
}

function checkKey(api: string, key: unknown): string {
  if (typeof key !== 'string') {
    throw failure(
      api,
      `parameter error: parameter.key should be String instead of ${typeName(key)};`,
    )
  }
  return key
}

export class Storage {
  private readonly items = new Map<string, string>()

  constructor(private readonly rt: Runtime) {
    const file = rt.options.storageFile
    if (file && existsSync(file)) {
      let parsed: unknown
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8'))
      } catch (error) {
        throw new Error(
          `createWx: storageFile ${file} is not valid JSON: ${(error as Error).message}`,
        )
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error(`createWx: storageFile ${file} must hold a JSON object of stored items`)
      }
      for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') this.items.set(k, v)
    }
  }

  /** Bytes all keys use. */
  totalBytes(): number {
    let n = 0
    for (const [k, v] of this.items) n += Buffer.byteLength(k) + Buffer.byteLength(v)
    return n
  }

  set(api: string, key: unknown, data: unknown): void {
    const k = checkKey(api, key)
    const text = serialise(api, data)
    const size = Buffer.byteLength(k) + Buffer.byteLength(text)
    const { storageKeyLimit, storageTotalLimit } = this.rt.options
    if (size > storageKeyLimit) throw failure(api, 'entry size limit reached')
    const old = this.items.get(k)
    const oldSize = old === undefined ? 0 : Buffer.byteLength(k) + Buffer.byteLength(old)
    if (this.totalBytes() - oldSize + size > storageTotalLimit) {
      throw failure(api, `exceed storage max size ${Math.round(storageTotalLimit / 1048576)}Mb`)
    }
    this.items.set(k, text)
    this.rt.record('storage', api, { key: k, data })
    this.persist()
  }

  /** The value, or `undefined` when the key is missing. */
  get(api: string, key: unknown): { found: boolean; value: unknown } {
    const text = this.items.get(checkKey(api, key))
    return text === undefined
      ? { found: false, value: undefined }
      : { found: true, value: deserialise(text) }
  }

  remove(api: string, key: unknown): void {
    const k = checkKey(api, key)
    this.items.delete(k)
    this.rt.record('storage', api, { key: k })
    this.persist()
  }

  clear(api: string): void {
    this.items.clear()
    this.rt.record('storage', api, {})
    this.persist()
  }

  info(): { keys: string[]; currentSize: number; limitSize: number } {
    return {
      keys: [...this.items.keys()],
      currentSize: Math.ceil(this.totalBytes() / 1024),
      limitSize: Math.floor(this.rt.options.storageTotalLimit / 1024),
    }
  }

  private persist(): void {
    const file = this.rt.options.storageFile
    if (!file) return
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.items)))
    renameSync(tmp, file)
  }
}

type Opt = CallbackOptions & { key?: unknown; data?: unknown }

/** The storage half of the wx object. */
export function storageApi(rt: Runtime) {
  const store = new Storage(rt)
  return {
    setStorageSync: (key: string, data: unknown) =>
      invokeSync('setStorageSync', () => store.set('setStorageSync', key, data)),
    getStorageSync: (key: string) =>
      invokeSync('getStorageSync', () => {
        const r = store.get('getStorageSync', key)
        return r.found ? r.value : ''
      }),
    removeStorageSync: (key: string) =>
      invokeSync('removeStorageSync', () => store.remove('removeStorageSync', key)),
    clearStorageSync: () => invokeSync('clearStorageSync', () => store.clear('clearStorageSync')),
    getStorageInfoSync: () => invokeSync('getStorageInfoSync', () => store.info()),
    setStorage: (o: Opt) =>
      invoke('setStorage', o, () => {
        store.set('setStorage', o?.key, o?.data)
        return {}
      }),
    getStorage: (o: Opt) =>
      invoke('getStorage', o, () => {
        const r = store.get('getStorage', o?.key)
        if (!r.found) throw failure('getStorage', 'data not found')
        return { data: r.value }
      }),
    removeStorage: (o: Opt) =>
      invoke('removeStorage', o, () => {
        store.remove('removeStorage', o?.key)
        return {}
      }),
    clearStorage: (o?: Opt) =>
      invoke('clearStorage', o, () => {
        store.clear('clearStorage')
        return {}
      }),
    getStorageInfo: (o?: Opt) => invoke('getStorageInfo', o, () => store.info()),
  }
}
