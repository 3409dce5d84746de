/**
 * Test helpers: one server per test file and a tiny JSON client over node's fetch, so the
 * demo server is tested without any miniwire client package.
 */
import { afterAll, beforeAll } from 'vitest'
import { type DemoServer, type DemoServerOptions, startDemoServer } from '../src/index'

export interface Envelope<T = any> {
  code: number
  message: string
  data?: T
}

export interface Answer<T = any> {
  status: number
  headers: Headers
  body: Envelope<T>
}

/** Starts a server before the file's tests and closes it after them. */
export function useServer(options: DemoServerOptions = {}): { readonly server: DemoServer } {
  const holder = {} as { server: DemoServer }
  beforeAll(async () => {
    holder.server = await startDemoServer(options)
  })
  afterAll(async () => {
    await holder.server?.close()
  })
  return holder
}

export interface CallOptions {
  body?: unknown
  token?: string
  headers?: Record<string, string>
}

/** Sends JSON, reads the envelope (`body` is `{}` for an empty answer such as 204 or 304). */
export async function call<T = any>(
  server: DemoServer,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
  }
  const res = await fetch(server.url + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} }
}

/** Logs in as `demo` and returns the token pair. */
export async function login(server: DemoServer, username = 'demo', password = 'demo123') {
  const res = await call(server, 'POST', '/auth/login', { body: { username, password } })
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`)
  return res.body.data as { accessToken: string; refreshToken: string; expiresIn: number }
}
