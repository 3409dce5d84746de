/**
 * plugin-errors and plugin-loading on one screen, through wx-node's UI timeline: wx's loading
 * and toast are one layer and `hideLoading` closes a toast, so these are the scenarios where a
 * user would lose an error message or see five. Timers are fake, the network is real.
 */
import { isHttpError } from '@miniwire/core'
import { loading } from '@miniwire/plugin-loading'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { errors, wasShown } from '../src'
import { advance, arrived, settle, toasts, ui, useFakeClock } from './helpers'

const env = useIntegration()
useFakeClock()

describe('errors() with loading()', () => {
  it('should leave the error toast of a failure during loading visible', async () => {
    const client = env.client({ plugins: [errors(), loading()] })
    const failing = settle(client.get('/fault/slow?ms=5000', { timeout: 500 }))
    await arrived(env.server, 1)
    await advance(300)
    expect(ui(env.wx)).toEqual(['showLoading 加载中'])
    await advance(200)
    expect(wasShown(await failing)).toBe(true)
    // The loading's minimum time ends while the toast shows: hiding it must not close the toast.
    await advance(300)
    expect(env.wx.$state.currentToast?.title).toBe('请求超时')
    expect(ui(env.wx)).toEqual(['showLoading 加载中', 'showToast 请求超时'])
    await advance(1700)
    expect(env.wx.$state.currentToast).toBeNull()
    // Nothing runs any more: the loading does not come back after the toast.
    expect(env.wx.$state.currentLoading).toBeNull()
  })

  it('should bring the loading back after the toast while other requests still run', async () => {
    const client = env.client({ plugins: [errors(), loading()] })
    const failing = settle(client.get('/fault/slow?ms=5000', { timeout: 400 }))
    const slow = client.get('/fault/slow?ms=3000')
    await arrived(env.server, 2)
    await advance(400)
    await failing
    expect(env.wx.$state.currentToast?.title).toBe('请求超时')
    await advance(2000)
    expect(env.wx.$state.currentLoading).toEqual({ title: '加载中', mask: false })
    await advance(600)
    await slow
    await advance(500)
    expect(env.wx.$state.currentLoading).toBeNull()
  })

  it('should show one toast for five identical failures', async () => {
    const client = env.client({ plugins: [errors(), loading()] })
    const failures = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => settle(client.get(`/fault/status/500?n=${n}`))),
    )
    expect(failures.every((error) => isHttpError(error) && wasShown(error))).toBe(true)
    expect(toasts(env.wx)).toEqual([{ title: '服务器错误，请稍后重试', icon: 'none' }])
  })

  it('should show a different failure while the first toast shows', async () => {
    const client = env.client({ plugins: [errors()] })
    await settle(client.get('/fault/status/500'))
    await settle(client.get('/fault/status/404'))
    expect(toasts(env.wx).map((toast) => toast.title)).toEqual([
      '服务器错误，请稍后重试',
      '请求的资源不存在',
    ])
  })

  it('should show the same failure again once its toast has ended', async () => {
    const client = env.client({ plugins: [errors({ duration: 1500 })] })
    await settle(client.get('/fault/status/500'))
    await advance(1500)
    await settle(client.get('/fault/status/500'))
    expect(toasts(env.wx)).toHaveLength(2)
  })
})
