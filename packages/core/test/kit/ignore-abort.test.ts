import { createFakeWx, unhandledRejectionsDuring } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { createClient, ignoreAbort, isHttpError } from '../../src'

describe('ignoreAbort', () => {
  it('should keep leaving a page silent: an abortGroup in onUnload rejects nothing the page sees', async () => {
    const shown: unknown[] = []
    const unhandled = await unhandledRejectionsDuring(async () => {
      const client = createClient({ wx: createFakeWx(() => new Promise(() => {})) as never })
      const page = client
        .get('/articles', { group: 'pages/index/index' })
        .then((body) => shown.push(body), ignoreAbort)
      client.abortGroup('pages/index/index') // onUnload
      await expect(page).resolves.toBeUndefined()
    }, 10)
    expect(shown).toEqual([])
    expect(unhandled).toEqual([])
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
