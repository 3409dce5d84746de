import { createClient } from '@miniwire/core'
import { describe, expectTypeOf, it } from 'vitest'
import { __ERROR__, __FACTORY__ } from '../src'

describe('__PACKAGE__ types', () => {
  it('should add its request option through declaration merging', () => {
    const client = createClient({ plugins: [__FACTORY__()] })
    void client.get('/x', { __FACTORY__: { value: 'v' } })
    void client.get('/x', { __FACTORY__: false })
    // @ts-expect-error an unknown option is refused
    void client.get('/x', { __FACTORY__: { valu: 'v' } })
    expectTypeOf(new __ERROR__({ status: 418 }).status).toEqualTypeOf<number>()
  })
})
