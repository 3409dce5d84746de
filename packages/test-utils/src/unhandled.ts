/**
 * For tests that assert no promise rejection is left unhandled: collects the rejections nobody
 * handled while `run` ran, and for `settleMs` after it (an orphaned rejection surfaces late).
 */

/**
 * @example
 * expect(await unhandledRejectionsDuring(() => client.get('/a').catch(() => {}))).toEqual([])
 */
export async function unhandledRejectionsDuring(
  run: () => Promise<unknown>,
  settleMs = 30,
): Promise<unknown[]> {
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason)
  }
  process.on('unhandledRejection', onUnhandled)
  try {
    await run()
    await new Promise((resolve) => setTimeout(resolve, settleMs))
  } finally {
    process.off('unhandledRejection', onUnhandled)
  }
  return unhandled
}
