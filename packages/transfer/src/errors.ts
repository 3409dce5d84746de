/**
 * The errors transfer adds to core's: a file the runtime could not read or write, a download
 * over wx's size limit, a permission the user refused, and a server that broke an upload
 * protocol. Network failures stay core's (`HttpError`, `NetworkError`, `TimeoutError`,
 * `AbortError`), so one `catch` reads alike for requests and transfers.
 */
import { defineError } from '@miniwire/core'

declare module '@miniwire/core' {
  interface ErrorCodes {
    /** A file could not be read, written or found. */
    ERR_FILE: true
    /** A download is larger than the limit (wx refuses files over 200 MB). */
    ERR_FILE_TOO_LARGE: true
    /** The user refused a permission (saving to the album). */
    ERR_PERMISSION_DENIED: true
    /** The server's answer does not follow the upload protocol. */
    ERR_UPLOAD_PROTOCOL: true
  }
}

/**
 * A file operation failed; `cause` holds wx's `{ errMsg, errno }`.
 * @example if (FileError.is(e)) console.log(e.path)
 */
export const FileError = defineError<{ path: string }>(
  'TransferFileError',
  'ERR_FILE',
  (o) => `file ${o.path}: ${(o.cause && (o.cause as { errMsg?: string }).errMsg) || 'failed'}`,
)
export type FileError = InstanceType<typeof FileError>

/** A download larger than `maxBytes`, refused before (or while) it was written. */
export const FileTooLargeError = defineError<{ size: number; limit: number }>(
  'TransferFileTooLargeError',
  'ERR_FILE_TOO_LARGE',
  (o) => `is ${o.size} bytes, over the limit of ${o.limit} bytes`,
)
export type FileTooLargeError = InstanceType<typeof FileTooLargeError>

/** The user refused `scope` and did not grant it in the settings either. */
export const PermissionDeniedError = defineError<{ scope: string }>(
  'TransferPermissionDeniedError',
  'ERR_PERMISSION_DENIED',
  (o) => `permission ${o.scope} was denied`,
)
export type PermissionDeniedError = InstanceType<typeof PermissionDeniedError>

/**
 * The server answered something the upload protocol does not allow: "POST https://…/init
 * answered no uploadId (chunk-merge)".
 */
export const ProtocolError = defineError<{ protocol: string; detail: string }>(
  'TransferProtocolError',
  'ERR_UPLOAD_PROTOCOL',
  (o) => `${o.detail} (${o.protocol})`,
)
export type ProtocolError = InstanceType<typeof ProtocolError>
