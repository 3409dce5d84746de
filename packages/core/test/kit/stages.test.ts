import { createFakeWx } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { createClient, defineStage, getStages, type Middleware } from '../../src'

declare module '../../src' {
  interface Stages {
    'kit-trace': true
    'kit-sign': true
  }
}

const pass: Middleware = async (_ctx, next) => {
  await next()
}

describe('stages', () => {
  it('should place a stage a package declares without editing core', async () => {
    defineStage('kit-trace', { after: 'monitor' })
    expect(getStages().slice(0, 3)).toEqual(['monitor', 'kit-trace', 'errors'])
    const client = createClient({ wx: createFakeWx() as never })
    client.use({ name: 'errors', stage: 'errors', middleware: pass })
    client.use({ name: 'trace', stage: 'kit-trace', middleware: pass })
    client.use({ name: 'monitor', stage: 'monitor', middleware: pass })
    expect(client.plugins).toEqual(['monitor', 'trace', 'errors'])
  })

  it("should declare a plugin's stage from its position", () => {
    const client = createClient({ wx: createFakeWx() as never })
    client.use({ name: 'retry', stage: 'retry', middleware: pass })
    client.use({
      name: 'signer',
      stage: 'kit-sign',
      position: { before: 'auth' },
      middleware: pass,
    })
    client.use({ name: 'auth', stage: 'auth', middleware: pass })
    expect(client.plugins).toEqual(['retry', 'signer', 'auth'])
  })

  it('should refuse an unknown stage and a stage declared twice at different places', () => {
    const client = createClient({ wx: createFakeWx() as never })
    expect(() => client.use({ name: 'x', stage: 'nowhere' as never, middleware: pass })).toThrow(
      'use(): unknown stage "nowhere" of "x": declare it with defineStage() or the plugin\'s position',
    )
    defineStage('kit-trace', { after: 'monitor' })
    expect(() => defineStage('kit-trace', { before: 'user' })).toThrow(/already declared/)
    expect(() => defineStage('kit-y', { after: 'nowhere' as never })).toThrow(/known stage/)
  })
})
