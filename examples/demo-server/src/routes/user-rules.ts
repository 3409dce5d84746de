/** Field rules shared by registration and the `/users` routes. */
import type { StringRule } from '../validate'

export const USERNAME_RULE: StringRule = {
  type: 'string',
  required: true,
  min: 3,
  max: 20,
  pattern: /^[A-Za-z0-9_]+$/,
  patternMessage: 'username may contain only letters, digits and _',
}

export const PASSWORD_RULE: StringRule = { type: 'string', required: true, min: 6, max: 64 }

export const EMAIL_RULE: StringRule = {
  type: 'string',
  max: 100,
  pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  patternMessage: 'email is not a valid address',
}

export const PROFILE_RULES = {
  nickname: { type: 'string', max: 30 },
  email: EMAIL_RULE,
  avatar: { type: 'string', max: 300 },
  bio: { type: 'string', max: 500 },
} satisfies Record<string, StringRule>
