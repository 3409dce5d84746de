/**
 * An app whose envelope keeps its payload in `result`, compiled on its own by
 * test/register.test.ts.
 */
import { createClient } from '@miniwire/core'
import { errors } from '@miniwire/plugin-errors'
import { type Equal, expectTrue } from './expect'

declare module '@miniwire/core' {
  interface Register {
    envelope: { errcode: string; errmsg: string; result: unknown }
    envelopeData: 'result'
  }
}

const api = createClient({
  plugins: [
    errors({ envelope: { code: 'errcode', message: 'errmsg', data: 'result', success: ['0'] } }),
  ],
})

export async function readOrders(): Promise<void> {
  const response = await api.send<string[]>({ url: '/orders' })
  expectTrue<Equal<typeof response.data, string[]>>()
  expectTrue<
    Equal<
      typeof response.envelope,
      { errcode: string; errmsg: string; result: string[] } | undefined
    >
  >()
}
