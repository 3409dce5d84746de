/**
 * The data every server starts with, the same on each start so tests can name ids: user 1 is
 * `demo`/`demo123` (an admin), users 2 and 3 are `alice`/`alice123` and `bob`/`bob123`, then
 * 22 more plain users for paging; 12 articles and a few comments.
 */
import type { Article, Comment, UserRecord } from './model'

const SEED_TIME = Date.parse('2024-01-01T00:00:00.000Z')

function at(minutes: number): string {
  return new Date(SEED_TIME + minutes * 60_000).toISOString()
}

export function seedUsers(): UserRecord[] {
  const users: UserRecord[] = [
    { id: 1, username: 'demo', password: 'demo123', nickname: '演示用户', role: 'admin' },
    { id: 2, username: 'alice', password: 'alice123', nickname: 'Alice', role: 'user' },
    { id: 3, username: 'bob', password: 'bob123', nickname: 'Bob', role: 'user' },
  ].map((u, i) => ({
    ...u,
    role: u.role as UserRecord['role'],
    email: `${u.username}@example.com`,
    avatar: `/files/avatar-${u.id}.png`,
    bio: '',
    createdAt: at(i),
    updatedAt: at(i),
  }))
  for (let id = 4; id <= 25; id++) {
    users.push({
      id,
      username: `user${id}`,
      password: `user${id}pass`,
      nickname: `用户${id}`,
      role: 'user',
      email: `user${id}@example.com`,
      avatar: '',
      bio: id % 2 === 0 ? 'likes mini programs' : '',
      createdAt: at(id),
      updatedAt: at(id),
    })
  }
  return users
}

export function seedArticles(): Article[] {
  const articles: Article[] = []
  for (let id = 1; id <= 12; id++) {
    articles.push({
      id,
      title: `Article ${id}: ${id % 3 === 0 ? 'WebSocket' : id % 2 === 0 ? 'Uploads' : 'Requests'} in mini programs`,
      content: `Body of article ${id}. `.repeat(5).trim(),
      authorId: ((id - 1) % 3) + 1,
      tags: id % 2 === 0 ? ['upload'] : ['request'],
      likedBy: [],
      favoritedBy: [],
      createdAt: at(100 + id),
      updatedAt: at(100 + id),
    })
  }
  return articles
}

export function seedComments(): Comment[] {
  return [
    { id: 1, articleId: 1, authorId: 2, content: 'Nice read', parentId: null, createdAt: at(200) },
    { id: 2, articleId: 1, authorId: 3, content: '同意', parentId: 1, createdAt: at(201) },
    { id: 3, articleId: 1, authorId: 1, content: 'Thanks!', parentId: null, createdAt: at(202) },
    { id: 4, articleId: 2, authorId: 1, content: 'First', parentId: null, createdAt: at(203) },
  ]
}
