/**
 * The in-memory database: seeded at start, mutated by the routes, gone when the process ends.
 */
import type { Article, Comment, UserRecord } from './model'
import { seedArticles, seedComments, seedUsers } from './seed'

export class Store {
  readonly users: UserRecord[] = seedUsers()
  readonly articles: Article[] = seedArticles()
  readonly comments: Comment[] = seedComments()
  /** wx-login codes already exchanged (each is single-use, like WeChat's). */
  readonly usedWxCodes = new Set<string>()
  private nextIds = { user: 26, article: 13, comment: 5 }

  nextId(kind: keyof Store['nextIds']): number {
    return this.nextIds[kind]++
  }

  user(id: number): UserRecord | undefined {
    return this.users.find((u) => u.id === id)
  }

  userByName(username: string): UserRecord | undefined {
    return this.users.find((u) => u.username === username)
  }

  article(id: number): Article | undefined {
    return this.articles.find((a) => a.id === id)
  }

  comment(id: number): Comment | undefined {
    return this.comments.find((c) => c.id === id)
  }

  removeUser(id: number): void {
    remove(this.users, (u) => u.id === id)
  }

  removeArticle(id: number): void {
    remove(this.articles, (a) => a.id === id)
    remove(this.comments, (c) => c.articleId === id)
  }

  /** Removes a comment and, transitively, its replies. */
  removeComment(id: number): void {
    const doomed = new Set([id])
    let grew = true
    while (grew) {
      grew = false
      for (const c of this.comments) {
        if (c.parentId !== null && doomed.has(c.parentId) && !doomed.has(c.id)) {
          doomed.add(c.id)
          grew = true
        }
      }
    }
    remove(this.comments, (c) => doomed.has(c.id))
  }
}

function remove<T>(items: T[], match: (item: T) => boolean): void {
  for (let i = items.length - 1; i >= 0; i--) if (match(items[i] as T)) items.splice(i, 1)
}
