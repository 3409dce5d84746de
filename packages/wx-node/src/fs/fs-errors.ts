/**
 * Node file errors as wx FileError results: `<api>:fail <text> <path>` with the errno from the
 * FileError table in the typings (1300002 no such file or directory, 1300066 directory not
 * empty, …).
 */
import { failure, WX_ERRNO, WxFailure } from '../errno'

const BY_CODE: Record<string, [string, number]> = {
  ENOENT: ['no such file or directory', WX_ERRNO.FS_NO_SUCH_FILE],
  ENOTDIR: ['not a directory', WX_ERRNO.FS_NOT_A_DIRECTORY],
  EISDIR: ['illegal operation on a directory', WX_ERRNO.FS_ILLEGAL_ON_DIRECTORY],
  ENOTEMPTY: ['directory not empty', WX_ERRNO.FS_DIR_NOT_EMPTY],
  EEXIST: ['file already exists', WX_ERRNO.FS_ALREADY_EXISTS],
  EPERM: ['operation not permitted', WX_ERRNO.FS_NOT_PERMITTED],
  EACCES: ['permission denied', WX_ERRNO.FS_PERMISSION_DENIED],
}

/** The wx failure for a Node fs error about `wxPath`. */
export function fsFailure(api: string, error: unknown, wxPath: string): WxFailure {
  if (error instanceof WxFailure) return error
  const code = (error as NodeJS.ErrnoException)?.code ?? ''
  const known = BY_CODE[code]
  if (known) return failure(api, `${known[0]} ${wxPath}`, known[1])
  return failure(api, `system error ${(error as Error)?.message ?? String(error)}`, 1300201)
}

/** Runs `fn`, turning Node fs errors into wx failures about `wxPath`. */
export function guard<T>(api: string, wxPath: string, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    throw fsFailure(api, error, wxPath)
  }
}
