import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { __ERROR__, __FACTORY__ } from '../src'

const env = useIntegration()

interface Echo {
  data: { headers: Record<string, string> }
}

describe('__PACKAGE__', () => {
  it('should put its header on a request, layered plugin < client < request', async () => {
    const client = env.client({ plugins: [__FACTORY__({ value: 'plugin' })] })
    const plain = await client.get<Echo>('/echo')
    expect(plain.data.headers['x-__NAME__']).toBe('plugin')
    const own = await client.get<Echo>('/echo', { __FACTORY__: { value: 'request' } })
    expect(own.data.headers['x-__NAME__']).toBe('request')
    const off = await client.get<Echo>('/echo', { __FACTORY__: false })
    expect(off.data.headers['x-__NAME__']).toBeUndefined()
  })

  it('should fail with its own error for a refused status', async () => {
    const client = env.client({ plugins: [__FACTORY__({ refuse: [200] })] })
    const error = await client.get('/echo').catch((e: unknown) => e)
    expect(__ERROR__.is(error)).toBe(true)
    expect((error as __ERROR__).status).toBe(200)
    expect((error as Error).message).toBe('GET /echo was refused by __NAME__ (status 200)')
  })

  it('should refuse a bad option, naming it', () => {
    expect(() => __FACTORY__({ value: 3 as never })).toThrow(
      '__FACTORY__(): __FACTORY__.value must be a non-empty string, got 3',
    )
  })
})
