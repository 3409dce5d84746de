/**
 * A stream through a client with plugin-auth: the token goes on the stream's request, and an
 * expired one is refreshed before the stream starts, with the events delivered once.
 */
import type { TokenPair } from '@miniwire/demo-server'
import { auth } from '@miniwire/plugin-auth'
import { useIntegration } from '@miniwire/test-utils'
import { describe, expect, it } from 'vitest'
import { type ServerSentEvent, stream } from '../src'

const env = useIntegration()

function signedInClient(accessTtlMs?: number) {
  const plugin = auth({
    refresh: async ({ client, refreshToken }) =>
      (await client.post<{ data: TokenPair }>('/auth/refresh', { refreshToken })).data,
  })
  const client = env.client({ plugins: [plugin] })
  const pair = env.server.issueTokens(accessTtlMs === undefined ? {} : { accessTtlMs })
  return { client, ready: plugin.tokens.setTokens(pair), pair }
}

const deltas = (events: ServerSentEvent[]) =>
  events.map(
    (e) => JSON.parse(e.data) as { user: string | null; choices: [{ delta: { content: string } }] },
  )

async function collect(events: AsyncIterable<ServerSentEvent>) {
  const out: ServerSentEvent[] = []
  for await (const event of events) out.push(event)
  return out
}

describe('stream() with plugin-auth', () => {
  it('should send the stored access token on the stream request', async () => {
    const { client, ready, pair } = signedInClient()
    await ready
    const events = await collect(stream(client, '/stream/chat?text=你好'))
    expect(deltas(events).map((d) => d.user)).toEqual(['demo', 'demo'])
    const sent = env.server.requestLog.filter((e) => e.path === '/stream/chat')
    expect(sent.map((e) => e.headers.authorization)).toEqual([`Bearer ${pair.accessToken}`])
  })

  it('should refresh an expired token after the 401 and before the stream starts, delivering each event once', async () => {
    const { client, ready, pair } = signedInClient(0)
    await ready
    const events = await collect(stream(client, '/stream/chat?text=刷新后'))
    expect(
      deltas(events)
        .map((d) => d.choices[0].delta.content)
        .join(''),
    ).toBe('刷新后')
    expect(deltas(events).every((d) => d.user === 'demo')).toBe(true)
    expect(env.server.counters.refresh).toBe(1)
    // The refused attempt's 401 body is not parsed as events; the replay starts the body afresh.
    const statuses = env.server.requestLog.filter((e) => e.path === '/stream/chat')
    expect(statuses.map((e) => e.status)).toEqual([401, 200])
    expect(statuses[1]!.headers.authorization).toMatch(/^Bearer /)
    expect(statuses[1]!.headers.authorization).not.toBe(`Bearer ${pair.accessToken}`)
  })
})
