/**
 * A stream through a client with plugin-retry: the stream's requests say they may not be
 * replayed once their body has started arriving, so a retry never delivers events twice, while
 * a connection that failed before any of its body came is still retried.
 */
import { retry } from '@miniwire/plugin-retry'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { type NdjsonEvent, stream } from '../src'

const env = useIntegration()

const stats = async (key: string) =>
  (await env.client().get<{ data: { started: number } }>(`/stream/stats?key=${key}`)).data

describe('stream() with plugin-retry', () => {
  it('should not let a retry replay a stream whose body has started arriving, delivering each line once (the README told users retry: false before)', async () => {
    const client = env.client({ plugins: [retry({ delay: () => 10 })] })
    const got: NdjsonEvent[] = []
    const events = stream(client, '/stream/drop?after=2&type=ndjson&key=noreplay', {
      mode: 'ndjson',
      onEvent: (e) => got.push(e),
    })
    const error = await events.done.catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_STREAM', reason: 'dropped', connections: 1 })
    expect(got).toEqual([
      { type: 'value', value: { n: 1 } },
      { type: 'value', value: { n: 2 } },
    ])
    expect((await stats('noreplay')).started).toBe(1)
  })

  it('should let a retry replay a stream request that failed before any of its body came', async () => {
    const client = env.client({ plugins: [retry({ delay: () => 10, limit: 2 })] })
    const error = await stream(client, '/stream/drop?after=0&type=ndjson&key=replayed', {
      mode: 'ndjson',
    }).done.catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_STREAM', reason: 'dropped', connections: 1 })
    expect((await stats('replayed')).started).toBe(3)
  })
})
