/**
 * What happens once when authentication fails for good: by default the tokens are cleared and
 * the login page opens through the client's runtime object. It runs once per failed refresh,
 * not once per failing request (seed guide defect 2: one redirect per request).
 */
import type { AuthFailureEvent, TokenProviderOptions } from './types'

/** The default `onAuthFailure`: sign out and open the login page. */
export function defaultAuthFailure(
  url: string,
  method: NonNullable<TokenProviderOptions['navigate']>,
): (event: AuthFailureEvent) => Promise<void> {
  return async function signOutAndOpenLogin({ tokens, wx }) {
    const cleared = tokens.clear()
    // Callbacks (not the promise form) so a refused navigation is no unhandled rejection;
    // `redirectTo`/`navigateTo` fall back to `reLaunch` (a tabBar page refuses them).
    const reLaunch = () => wx.reLaunch!({ url, fail() {} })
    if (method === 'reLaunch' || typeof wx[method] !== 'function') reLaunch()
    else
      (wx[method] as (options: WechatMiniprogram.ReLaunchOption) => void)({ url, fail: reLaunch })
    await cleared
  }
}

/** Reports an error from user code (a listener, a failure handler) without breaking the caller. */
export function reportLater(error: unknown): void {
  setTimeout(() => {
    throw error
  }, 0)
}
