/**
 * Bad input fails at once with ERR_INVALID_OPTION naming the option, the value and what was
 * expected, before any file is read or task started.
 */
import { createWx } from '@miniwire/wx-node'
import { afterEach, describe, expect, it } from 'vitest'
import { download, downloadMany, saveToAlbum, tus, uploadChunked, uploadMany } from '../src'

const wx = createWx()
afterEach(() => expect(wx.$log.filter((e) => e.type === 'network')).toEqual([]))

describe('option checks', () => {
  it('should name the option, the value and the expectation for uploadChunked()', async () => {
    await expect(uploadChunked('wxfile://a', { wx, url: '/u', chunkSize: 0 })).rejects.toThrow(
      'uploadChunked(): uploadChunked.chunkSize must be an integer ≥ 1, got 0',
    )
    await expect(
      uploadChunked('wxfile://a', { wx, url: '/u', protocol: {} as never }),
    ).rejects.toThrow(
      /uploadChunked.protocol must be an upload protocol \(chunkMerge\(\), tus\(\)\), got \{\}/,
    )
    await expect(
      // An option this package no longer has (digests are the runtime's) is refused as unknown.
      uploadChunked('wxfile://a', { wx, url: '/u', protocol: tus(), ...{ fileDigest: 'js' } }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' })
  })

  it('should refuse bad download options and a resume without a target', async () => {
    await expect(download('', { wx })).rejects.toThrow(
      'download(): url must be a non-empty string, got ""',
    )
    await expect(download('/f', { wx, maxBytes: 1.5 })).rejects.toThrow(
      /download.maxBytes must be an integer ≥ 1, got 1.5/,
    )
    await expect(download('/f', { wx, resume: true })).rejects.toThrow(
      'download(): resume needs filePath or fileName',
    )
  })

  it('should refuse a bad batch', async () => {
    await expect(uploadMany('a' as never, { wx, url: '/u' })).rejects.toThrow(
      /filePaths must be an array/,
    )
    await expect(downloadMany(['/f'], { wx, concurrency: 0 })).rejects.toThrow(
      'downloadMany(): concurrency must be an integer ≥ 1, got 0',
    )
  })

  it('should say which wx API the runtime lacks (here: saving videos)', async () => {
    await expect(saveToAlbum('wxfile://usr/a.mp4', { wx })).rejects.toThrow(
      'saveToAlbum(): this runtime has no wx.saveVideoToPhotosAlbum',
    )
  })
})
