/**
 * What happens once when authentication fails for good: by default the tokens are cleared and
 * the login page opens through the client's runtime object. It runs once per failed refresh,
 * not once per failing request (seed guide defect 2: one redirect per request).
 */
import type { WxRuntime } from '@miniwire/core'
import type { AuthFailureEvent, TokenProviderOptions } from './types'

type Navigate = NonNullable<TokenProviderOptions['navigate']>

function go(wx: WxRuntime, method: Navigate, url: string, fallback: boolean): void {
  const fn = wx[method]
  if (typeof fn !== 'function') {
    if (method !== 'reLaunch') go(wx, 'reLaunch', url, false)
    return
  }
  // Callbacks (not the promise form) so a refused navigation is no unhandled rejection.
  ;(fn as (options: WechatMiniprogram.ReLaunchOption) => void).call(wx, {
    url,
    fail: () => {
      if (fallback) go(wx, 'reLaunch', url, false)
    },
  })
}

/** The default `onAuthFailure`: sign out and open the login page. */
export function defaultAuthFailure(
  loginPage: string,
  method: Navigate,
): (event: AuthFailureEvent) => Promise<void> {
  return async function signOutAndOpenLogin({ tokens, wx }) {
    const cleared = tokens.clear()
    go(wx, method, loginPage, method !== 'reLaunch')
    await cleared
  }
}

/** Reports an error from user code (a listener, a failure handler) without breaking the caller. */
export function reportLater(error: unknown): void {
  setTimeout(() => {
    throw error
  }, 0)
}
