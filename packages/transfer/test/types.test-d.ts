import type { Client, TokenSource } from '@miniwire/core'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type ChunkedResult,
  chunkMerge,
  download,
  type DownloadResult,
  type TransferProgress,
  tus,
  type UploadProtocol,
  type UploadResult,
  upload,
  uploadChunked,
  uploadMany,
} from '../src'

declare const client: Client

describe('public signatures', () => {
  it('should type the parsed body of an upload', () => {
    expectTypeOf(upload<{ url: string }>('p', { client, url: '/upload' })).resolves.toEqualTypeOf<
      UploadResult<{ url: string }>
    >()
    expectTypeOf(uploadChunked<{ md5: string }>('p', { client, url: '/u' })).resolves.toEqualTypeOf<
      ChunkedResult<{ md5: string }>
    >()
    expectTypeOf(download('/f', { client })).resolves.toEqualTypeOf<DownloadResult>()
  })

  it('should give progress its fields', () => {
    expectTypeOf<TransferProgress>().toEqualTypeOf<{
      percent: number
      bytes: number
      total: number
      speed: number
      eta: number
    }>()
  })

  it('should make protocols UploadProtocol values', () => {
    expectTypeOf(tus()).toEqualTypeOf<UploadProtocol>()
    expectTypeOf(chunkMerge()).toEqualTypeOf<UploadProtocol>()
  })

  it('should refuse an unknown option at compile time too', () => {
    // @ts-expect-error: no such option
    void uploadMany(['p'], { client, url: '/u', maxConcurrent: 3 })
  })

  it('should add the transfer error codes to core ErrorCodes', () => {
    expectTypeOf<'ERR_FILE_TOO_LARGE'>().toMatchTypeOf<import('@miniwire/core').ErrorCode>()
    expectTypeOf<TokenSource>().toHaveProperty('refresh')
  })
})
