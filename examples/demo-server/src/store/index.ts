/** The in-memory data layer. */
export * from './model'
export { seedArticles, seedComments, seedUsers } from './seed'
export { Store } from './store'
