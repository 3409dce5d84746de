import '@miniwire/test-utils'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type Client,
  type ClientEvents,
  type Context,
  createClient,
  type ErrorCode,
  type HttpError,
  isHttpError,
  type MiniwireResponse,
  type BusinessError,
  type Envelope,
  type EnvelopeOf,
  isBusinessError,
  type Defaults,
  type MiniwireRequest,
  type RegisteredEnvelope,
  type RequestConfig,
} from '../src'

declare const client: Client

interface User {
  id: number
  name: string
}

describe('public signatures', () => {
  it('should resolve verbs to the data type T and send to the full response', () => {
    expectTypeOf(client.get<User>('/users/1')).resolves.toEqualTypeOf<User>()
    expectTypeOf(client.post<User>('/users', { name: 'x' })).resolves.toEqualTypeOf<User>()
    expectTypeOf(client.send<User>({ url: '/users/1' })).resolves.toEqualTypeOf<
      MiniwireResponse<User>
    >()
    expectTypeOf(client.get('/x')).resolves.toBeUnknown()
  })

  it('should narrow errors with guards', () => {
    const error: unknown = new Error('x')
    if (isHttpError<User>(error)) {
      expectTypeOf(error).toEqualTypeOf<HttpError<User>>()
      expectTypeOf(error.status).toBeNumber()
      expectTypeOf(error.data).toEqualTypeOf<User>()
    }
  })

  it('should reject unknown methods and non-string headers at compile time', () => {
    // @ts-expect-error PUSH is no HTTP method wx knows
    client.request({ url: '/x', method: 'PUSH' })
    // @ts-expect-error header values are strings
    client.get('/x', { headers: { 'x-count': 1 } })
    // @ts-expect-error url is required
    client.request({ method: 'GET' })
    createClient({ timeout: 1000, maxConcurrent: 4 })
  })

  it('should take replayable on a request, as a question the onion may ask, but not as a client default', () => {
    expectTypeOf<RequestConfig['replayable']>().toEqualTypeOf<(() => boolean) | undefined>()
    expectTypeOf<MiniwireRequest['replayable']>().toEqualTypeOf<(() => boolean) | undefined>()
    expectTypeOf<Defaults>().not.toHaveProperty('replayable')
  })
})

describe('declaration merging from another package', () => {
  it('should accept the options a plugin adds to RequestOptions', () => {
    client.get('/x', { trace: { header: 'x-id' } })
    client.get('/x', { trace: false })
    createClient({ trace: { header: 'x-request-id' } })
    // @ts-expect-error trace takes options or false
    client.get('/x', { trace: 'yes' })
  })

  it('should type the state, events and error codes a plugin adds', () => {
    expectTypeOf<Context['state']['traceId']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<ClientEvents['trace']>().toEqualTypeOf<{ id: string }>()
    expectTypeOf<'ERR_TRACE'>().toExtend<ErrorCode>()
    expectTypeOf<'ERR_HTTP'>().toExtend<ErrorCode>()
    client.on('trace', (event) => expectTypeOf(event.id).toBeString())
  })

  it('should leave the envelope unknown until the app registers one', () => {
    expectTypeOf<RegisteredEnvelope>().toBeUnknown()
    expectTypeOf<Envelope<User>>().toBeUnknown()
    expectTypeOf<MiniwireResponse<User>['envelope']>().toBeUnknown()
    expectTypeOf<BusinessError['data']>().toBeUnknown()
  })

  it('should put the data type in the data field of a registered envelope', () => {
    type Registry = { envelope: { code: number; message: string; data: unknown } }
    expectTypeOf<EnvelopeOf<Registry, User>>().toEqualTypeOf<{
      code: number
      message: string
      data: User
    }>()
    expectTypeOf<EnvelopeOf<Registry>>().toEqualTypeOf<Registry['envelope']>()
  })

  it('should put the data type in the field envelopeData names', () => {
    type Registry = {
      envelope: { errcode: string; errmsg?: string; result: unknown }
      envelopeData: 'result'
    }
    expectTypeOf<EnvelopeOf<Registry, User[]>>().toEqualTypeOf<{
      errcode: string
      errmsg?: string
      result: User[]
    }>()
  })

  it('should type a business error with the envelope it is given', () => {
    type Body = { code: number; message: string; data: null }
    const error: unknown = new Error('x')
    if (isBusinessError<Body>(error)) {
      expectTypeOf(error.data).toEqualTypeOf<Body>()
      expectTypeOf(error.businessCode).toEqualTypeOf<string | number>()
    }
  })
})
