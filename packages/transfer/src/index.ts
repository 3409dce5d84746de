/**
 * @miniwire/transfer: uploads and downloads for WeChat mini programs that report progress,
 * share core's 10-task scheduler, refresh tokens mid-transfer, resume after the app is killed
 * and never load a whole file: `upload`, `uploadMany`, `chooseAndUpload`, `uploadChunked`
 * (chunk-and-merge or tus 1.0), `download`, `downloadMany`, `saveToAlbum`.
 */
export { type SaveToAlbumOptions, saveToAlbum } from './album'
export { type ChunkedOptions, type ChunkedResult, uploadChunked } from './chunked'
export { type DownloadOptions, type DownloadResult, download } from './download'
export { type DownloadManyOptions, downloadMany } from './download-many'
export { FileError, FileTooLargeError, PermissionDeniedError, ProtocolError } from './errors'
export type { Settled } from './pool'
export type { ProgressListener, TransferProgress } from './progress'
export { chunkMerge } from './protocols/chunk-merge'
export type {
  OpenContext,
  Opened,
  Part,
  PartData,
  ProtocolCall,
  UploadFile,
  UploadProtocol,
} from './protocols/protocol'
export { type TusOptions, tus } from './protocols/tus'
export type { TransferTarget } from './target'
export { type UploadOptions, type UploadResult, upload } from './upload'
export {
  type ChooseAndUploadOptions,
  chooseAndUpload,
  type UploadManyOptions,
  type UploadManyResult,
  uploadMany,
} from './upload-many'
