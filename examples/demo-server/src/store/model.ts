/**
 * Record shapes kept in memory, and the public views the API returns (no passwords, counts
 * instead of who-liked lists).
 */

export interface UserRecord {
  id: number
  username: string
  password: string
  nickname: string
  role: 'admin' | 'user'
  email: string
  avatar: string
  bio: string
  createdAt: string
  updatedAt: string
}

export type PublicUser = Omit<UserRecord, 'password'>

export interface Article {
  id: number
  title: string
  content: string
  authorId: number
  tags: string[]
  likedBy: number[]
  favoritedBy: number[]
  createdAt: string
  updatedAt: string
}

export interface ArticleView extends Omit<Article, 'likedBy' | 'favoritedBy'> {
  likes: number
  favorites: number
  liked: boolean
  favorited: boolean
  commentCount: number
}

export interface Comment {
  id: number
  articleId: number
  authorId: number
  content: string
  parentId: number | null
  createdAt: string
}

/** `{ list, total, page, limit }` */
export interface Page<T> {
  list: T[]
  total: number
  page: number
  limit: number
}

export function publicUser(user: UserRecord): PublicUser {
  const { password: _password, ...rest } = user
  return rest
}

export function paginate<T>(items: T[], page: number, limit: number): Page<T> {
  const start = (page - 1) * limit
  return { list: items.slice(start, start + limit), total: items.length, page, limit }
}
