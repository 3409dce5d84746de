/**
 * An app that registers its envelope, compiled on its own by test/register.test.ts (a
 * registration is global to a program, so it cannot sit among the workspace's type tests).
 */
import { type BusinessError, createClient, isBusinessError } from '@miniwire/core'
import { errors } from '@miniwire/plugin-errors'
import { type Equal, expectTrue } from './expect'

declare module '@miniwire/core' {
  interface Register {
    envelope: { code: number; message: string; data: unknown }
  }
}

interface User {
  id: number
  name: string
}

const api = createClient({ plugins: [errors({ envelope: true })] })

export async function readUser(): Promise<void> {
  const user = await api.get<User>('/users/1')
  const response = await api.send<User>({ url: '/users/1' })
  expectTrue<Equal<typeof user, User>>()
  expectTrue<Equal<typeof response.data, User>>()
  expectTrue<
    Equal<typeof response.envelope, { code: number; message: string; data: User } | undefined>
  >()
  // @ts-expect-error the data is the User, not the envelope
  response.data.code
  const code: number | undefined = response.envelope?.code
  void code
}

export function readFailure(error: unknown): void {
  if (isBusinessError(error)) {
    expectTrue<Equal<typeof error.data, { code: number; message: string; data: unknown }>>()
    expectTrue<Equal<typeof error, BusinessError>>()
  }
}
