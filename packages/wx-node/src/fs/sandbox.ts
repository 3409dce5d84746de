/**
 * Maps wx paths to real files inside one sandbox folder. Phones name local files
 * `wxfile://tmp_…` (temp), `wxfile://store_…` (saved) and `wxfile://usr/…`
 * (`wx.env.USER_DATA_PATH`, the only writable tree); wx-node keeps those names and stores them
 * under `<root>/tmp`, `<root>/store` and `<root>/usr`. Nothing can escape the root.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix, resolve, sep } from 'node:path'
import { failure, WX_ERRNO } from '../errno'

/** `wx.env.USER_DATA_PATH`. */
export const USER_DATA_PATH = 'wxfile://usr'

const PREFIX = 'wxfile://'

export class Sandbox {
  readonly root: string
  private readonly owned: boolean

  constructor(dir: string | undefined) {
    this.owned = dir === undefined
    this.root = resolve(dir ?? mkdtempSync(join(tmpdir(), 'wx-node-')))
    try {
      for (const sub of ['tmp', 'store', 'usr'])
        mkdirSync(join(this.root, sub), { recursive: true })
    } catch (error) {
      this.dispose()
      throw error
    }
  }

  /**
   * The real path of a wx path, or a wx failure of `api` naming the path.
   * Relative paths (code-package files on a phone) are not emulated and fail as missing.
   */
  toReal(wxPath: unknown, api: string): string {
    if (typeof wxPath !== 'string' || wxPath === '') {
      throw failure(api, `invalid path ${String(wxPath)}`, WX_ERRNO.FS_INVALID_ARGUMENT)
    }
    if (!wxPath.startsWith(PREFIX)) {
      throw failure(api, `no such file or directory ${wxPath}`, WX_ERRNO.FS_NO_SUCH_FILE)
    }
    const rest = posix.normalize(wxPath.slice(PREFIX.length)).replace(/\/+$/, '')
    let real: string | undefined
    if (rest === 'usr' || rest.startsWith('usr/')) real = join(this.root, rest)
    else if (/^tmp_[^/]+$/.test(rest)) real = join(this.root, 'tmp', rest)
    else if (/^store_[^/]+$/.test(rest)) real = join(this.root, 'store', rest)
    if (
      !real ||
      !(real === this.root || real.startsWith(this.root + sep)) ||
      rest.split('/').includes('..')
    ) {
      throw failure(
        api,
        `permission denied, cannot access file path ${wxPath}`,
        WX_ERRNO.FS_PERMISSION_DENIED,
      )
    }
    return real
  }

  /** Like `toReal`, but only `wx.env.USER_DATA_PATH` is writable (as on a phone). */
  toWritable(wxPath: unknown, api: string): string {
    const real = this.toReal(wxPath, api)
    if (!real.startsWith(join(this.root, 'usr'))) {
      throw failure(api, `permission denied, open ${String(wxPath)}`, WX_ERRNO.FS_PERMISSION_DENIED)
    }
    return real
  }

  /** A fresh temp file name: `{ wxPath: 'wxfile://tmp_…', real }`. */
  newTemp(ext = ''): { wxPath: string; real: string } {
    const name = `tmp_${randomBytes(8).toString('hex')}${ext}`
    return { wxPath: PREFIX + name, real: join(this.root, 'tmp', name) }
  }

  /** A fresh saved file name: `{ wxPath: 'wxfile://store_…', real }`. */
  newStored(ext = ''): { wxPath: string; real: string } {
    const name = `store_${randomBytes(8).toString('hex')}${ext}`
    return { wxPath: PREFIX + name, real: join(this.root, 'store', name) }
  }

  /** The real folder of saved files. */
  get storeDir(): string {
    return join(this.root, 'store')
  }

  /** Removes the sandbox if wx-node created it. */
  dispose(): void {
    if (this.owned) rmSync(this.root, { recursive: true, force: true })
  }
}
