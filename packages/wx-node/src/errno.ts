/**
 * wx's error numbers and the exact `errMsg` texts this runtime produces. Kept in one table so
 * that tests, core's error mapping and the README's conformance table read the same facts.
 */

/**
 * errno values from wx's docs (network errno table and FileError table) that wx-node emits.
 *
 * @example
 * if (err.errno === WX_ERRNO.TIMEOUT) retry()
 */
export const WX_ERRNO = {
  /** `request:fail abort`: the task was aborted. */
  CANCEL: 1,
  /** `request:fail timeout`. */
  TIMEOUT: 5,
  /** Connection refused / reset / DNS failure / offline. */
  UNKNOWN_NETWORK: 600000,
  /** `request:fail interrupted`: the app was hidden longer than `hideInterruptMs`. */
  INTERRUPTED: 600003,
  /** `request:fail exceed max task count` when `overflow: 'fail'`. */
  EXCEED_MAX_TASKS: 600007,
  /** More than 10 redirects. */
  MAX_REDIRECTS: 600008,
  /** The URL cannot be parsed or is not http(s) / ws(s). */
  INVALID_URL: 600009,
  /** The request options are unusable (unsupported method, unserialisable data). */
  INVALID_REQUEST_DATA: 600010,
  /** File system: operation not permitted. */
  FS_NOT_PERMITTED: 1300001,
  /** File system: no such file or directory. */
  FS_NO_SUCH_FILE: 1300002,
  /** File system: not a directory. */
  FS_NOT_A_DIRECTORY: 1300020,
  /** File system: is a directory. */
  FS_IS_A_DIRECTORY: 1300021,
  /** File system: invalid argument (position/length out of range). */
  FS_INVALID_ARGUMENT: 1300022,
  /** File system: directory not empty. */
  FS_DIR_NOT_EMPTY: 1300066,
  /** File system: the size limit of file storage is exceeded. */
  FS_STORAGE_LIMIT: 1300202,
  /** File system: no access to the path (outside `wx.env.USER_DATA_PATH`). */
  FS_PERMISSION_DENIED: 1301000,
  /** File system: writing to a path that is a directory. */
  FS_ILLEGAL_ON_DIRECTORY: 1301003,
  /** File system: `length` out of range. */
  FS_LENGTH_OUT_OF_RANGE: 1301006,
  /** File system: `position` out of range. */
  FS_POSITION_OUT_OF_RANGE: 1301009,
  /** File system: `saveFile`'s tempFilePath does not exist. */
  FS_TEMP_FILE_NOT_EXIST: 1301112,
  /** File system: the file or directory already exists. */
  FS_ALREADY_EXISTS: 1301005,
} as const

/** The `{ errMsg, errno }` pair wx passes to `fail` and rejects promises with. */
export interface WxFailResult {
  errMsg: string
  errno?: number
}

/**
 * Thrown inside wx-node to carry a wx failure to the callback layer, which turns it into a
 * plain `{ errMsg, errno }` (what wx gives `fail`) or throws it from a `*Sync` API.
 */
export class WxFailure extends Error {
  readonly errMsg: string
  readonly errno: number | undefined

  constructor(errMsg: string, errno?: number) {
    super(errMsg)
    this.name = 'WxFailure'
    this.errMsg = errMsg
    this.errno = errno
  }

  /** The plain result handed to `fail` callbacks and promise rejections. */
  toResult(): WxFailResult {
    return this.errno === undefined
      ? { errMsg: this.errMsg }
      : { errMsg: this.errMsg, errno: this.errno }
  }
}

/** Builds `${api}:fail ${reason}`. */
export function failure(api: string, reason: string, errno?: number): WxFailure {
  return new WxFailure(`${api}:fail ${reason}`, errno)
}

/** Any thrown value as a wx failure of `api` (unknown errors keep their message). */
export function asFailure(api: string, error: unknown): WxFailure {
  if (error instanceof WxFailure) return error
  const message = error instanceof Error ? error.message : String(error)
  return failure(api, message)
}
