/**
 * The marks a handled failure carries, so a page that catches the rejection knows its kind and
 * whether the user was already told (and does not tell them twice).
 */
import type { ErrorKind } from './classify'

/** What plugin-errors writes on an error it handled. */
interface Marked {
  kind?: ErrorKind
  shown?: boolean
}

/** Writes the marks on an error object (a thrown primitive cannot carry them). */
export function mark(error: unknown, kind: ErrorKind, shown: boolean): void {
  if (error !== null && typeof error === 'object') {
    const marked = error as Marked
    marked.kind = kind
    marked.shown = shown
  }
}

/**
 * True when plugin-errors already showed this failure to the user (a toast, or a handler took
 * it), so the page should not show it again.
 *
 * @example
 * try { await client.post('/orders', order) } catch (e) { if (!wasShown(e)) this.setData({ error: String(e) }) }
 */
export function wasShown(error: unknown): boolean {
  return error !== null && typeof error === 'object' && (error as Marked).shown === true
}

/**
 * The kind plugin-errors gave this failure, or `undefined` when it did not handle it.
 * @example if (errorKind(e) === 'offline') this.setData({ offline: true })
 */
export function errorKind(error: unknown): ErrorKind | undefined {
  return error !== null && typeof error === 'object' ? (error as Marked).kind : undefined
}
