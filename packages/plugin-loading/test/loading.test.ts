/**
 * The loading through wx-node's UI timeline, against the demo server's slow and failing routes.
 * Timers are fake and the network is real: `/fault/slow?ms=…` answers when the test moves the
 * clock past `ms`, so "slow" and "fast" never depend on the machine's speed.
 */
import { getUiLayer, isAbortError, isHttpError } from '@miniwire/core'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { getLoadingTracker, loading } from '../src'
import { advance, arrived, settle, ui, useFakeClock } from './helpers'

const env = useIntegration()
useFakeClock()

describe('loading()', () => {
  it('should show no loading for five concurrent fast requests', async () => {
    const client = env.client({ plugins: [loading()] })
    // The clock does not move while they run: each ends before its 300 ms delay.
    await Promise.all([1, 2, 3, 4, 5].map((n) => client.get(`/echo?n=${n}`)))
    await advance(1000)
    expect(ui(env.wx)).toEqual([])
  })

  it('should show exactly one loading for a slow request and hide it when it ends', async () => {
    const client = env.client({ plugins: [loading()] })
    const slow = client.get('/fault/slow?ms=1000')
    await arrived(env.server, 1)
    await advance(299)
    expect(ui(env.wx)).toEqual([])
    await advance(1)
    expect(ui(env.wx)).toEqual(['showLoading 加载中'])
    await advance(700)
    await slow
    expect(ui(env.wx)).toEqual(['showLoading 加载中', 'hideLoading'])
    expect(env.wx.$state.currentLoading).toBeNull()
  })

  it('seed defect 1: should keep the loading up until the last of concurrent requests ends', async () => {
    const client = env.client({ plugins: [loading()] })
    const first = client.get('/fault/slow?ms=400')
    const second = client.get('/fault/slow?ms=800')
    const third = client.get('/fault/slow?ms=1200')
    await arrived(env.server, 3)
    await advance(400)
    await first
    await advance(400)
    await second
    expect(ui(env.wx)).toEqual(['showLoading 加载中'])
    expect(env.wx.$state.currentLoading).not.toBeNull()
    await advance(400)
    await third
    expect(ui(env.wx)).toEqual(['showLoading 加载中', 'hideLoading'])
  })

  it('seed defect 1: should never close a toast it did not open', async () => {
    const client = env.client({ plugins: [loading({ minDuration: 0 })] })
    const slow = client.get('/fault/slow?ms=600')
    await arrived(env.server, 1)
    await advance(300)
    getUiLayer(env.wx).showToast({ title: '已复制', duration: 2000 })
    await advance(300)
    await slow
    await advance(0)
    expect(env.wx.$state.currentToast?.title).toBe('已复制')
    expect(ui(env.wx)).not.toContain('hideToast')
  })

  it('should count every client on one runtime into one loading', async () => {
    const a = env.client({ plugins: [loading()] })
    const b = env.client({ plugins: [loading()] })
    const short = a.get('/fault/slow?ms=400')
    const long = b.get('/fault/slow?ms=900')
    await arrived(env.server, 2)
    await advance(400)
    await short
    expect(getLoadingTracker(env.wx).active).toBe(1)
    expect(ui(env.wx)).toEqual(['showLoading 加载中'])
    await advance(500)
    await long
    expect(ui(env.wx)).toEqual(['showLoading 加载中', 'hideLoading'])
  })

  it('should keep a shown loading its minimum time', async () => {
    const client = env.client({ plugins: [loading({ minDuration: 500 })] })
    const slow = client.get('/fault/slow?ms=350')
    await arrived(env.server, 1)
    await advance(350)
    await slow
    expect(ui(env.wx)).toEqual(['showLoading 加载中'])
    await advance(449)
    expect(ui(env.wx)).toEqual(['showLoading 加载中'])
    await advance(1)
    expect(ui(env.wx)).toEqual(['showLoading 加载中', 'hideLoading'])
  })

  it('should show the title and mask a request asks for, and nothing for loading: false', async () => {
    const client = env.client({ plugins: [loading()] })
    const quiet = client.get('/fault/slow?ms=400', { loading: false })
    await arrived(env.server, 1)
    await advance(400)
    await quiet
    expect(ui(env.wx)).toEqual([])
    const saving = client.post(
      '/fault/slow?ms=400',
      {},
      { loading: { title: '保存中…', mask: true } },
    )
    await arrived(env.server, 1)
    await advance(300)
    expect(env.wx.$state.currentLoading).toEqual({ title: '保存中…', mask: true })
    await advance(100)
    await saving
    const named = client.get('/fault/slow?ms=400', { loading: '刷新中' })
    await arrived(env.server, 1)
    await advance(400)
    await named
    expect(ui(env.wx).filter((entry) => entry.startsWith('show'))).toEqual([
      'showLoading 保存中…',
      'showLoading 刷新中',
    ])
  })

  it('should show the loading once for a request replayed downstream (a retry, a refresh)', async () => {
    const client = env.client({ plugins: [loading()] })
    let attempts = 0
    client.use(async function replay(_ctx, next) {
      await next()
      attempts++
      await next()
      attempts++
    })
    const replayed = client.get('/fault/slow?ms=400')
    await arrived(env.server, 1)
    await advance(400)
    // The replay reaches the server once the first answer is in.
    while (env.server.requestLog.length < 1) await advance(0)
    await arrived(env.server, 1)
    await advance(400)
    await replayed
    expect(attempts).toBe(2)
    expect(ui(env.wx)).toEqual(['showLoading 加载中', 'hideLoading'])
  })

  it('should hide the loading when a request fails or is aborted', async () => {
    const client = env.client({ plugins: [loading({ delay: 0, minDuration: 0 })] })
    const failed = await settle(client.get('/fault/status/500'))
    expect(isHttpError(failed)).toBe(true)
    expect(ui(env.wx)).toEqual(['showLoading 加载中', 'hideLoading'])
    const slow = settle(client.get('/fault/slow?ms=5000'))
    await advance(10)
    client.abortAll()
    expect(isAbortError(await slow)).toBe(true)
    expect(ui(env.wx).slice(2)).toEqual(['showLoading 加载中', 'hideLoading'])
    expect(getLoadingTracker(env.wx).active).toBe(0)
  })

  it('should refuse a bad option with ERR_INVALID_OPTION naming it', async () => {
    expect(() => loading({ delay: -1 })).toThrow(
      'loading(): loading.delay must be a finite number ≥ 0, got -1',
    )
    const client = env.client({ plugins: [loading()] })
    await expect(client.get('/echo', { loading: { title: '' } })).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message: expect.stringContaining('loading.title must be a non-empty string'),
    })
  })
})
