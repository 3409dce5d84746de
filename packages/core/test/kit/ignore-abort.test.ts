import { createFakeWx } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { createClient, ignoreAbort, isHttpError } from '../../src'

describe('ignoreAbort', () => {
  it('should keep leaving a page silent: an abortGroup in onUnload rejects nothing the page sees', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason)
    }
    process.on('unhandledRejection', onUnhandled)
    try {
      const client = createClient({ wx: createFakeWx(() => new Promise(() => {})) as never })
      const shown: unknown[] = []
      const page = client
        .get('/articles', { group: 'pages/index/index' })
        .then((body) => shown.push(body), ignoreAbort)
      client.abortGroup('pages/index/index') // onUnload
      await expect(page).resolves.toBeUndefined()
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(shown).toEqual([])
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('should still pass a real failure on', async () => {
    const client = createClient({ wx: createFakeWx(() => ({ statusCode: 500 })) as never })
    const error = await client
      .get('/articles')
      .then(() => undefined, ignoreAbort)
      .catch((e: unknown) => e)
    expect(isHttpError(error)).toBe(true)
  })
})
