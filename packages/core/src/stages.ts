/**
 * The onion's stage order, outermost first. Core knows its default stages and nothing of the
 * plugins that sit in them; a package that needs a stage of its own declares it (its name in
 * `Stages` by declaration merging, its place with `defineStage()` or a plugin's `position`),
 * so a new package never edits core.
 */
import { invalidOption } from './kit/checks'

/**
 * The stages a plugin may name. Add yours with declaration merging:
 *
 * @example
 * declare module '@miniwire/core' { interface Stages { trace: true } }
 * defineStage('trace', { after: 'monitor' })
 */
export interface Stages {
  monitor: true
  errors: true
  loading: true
  cache: true
  retry: true
  auth: true
  /** Just outside the adapter: where a plain middleware goes by default. */
  user: true
}

/** Where a layer sits. */
export type Stage = keyof Stages

/** Where a new stage goes: just before or just after a known one. */
export type StagePosition =
  | { before: Stage; after?: undefined }
  | { after: Stage; before?: undefined }

const order: string[] = ['monitor', 'errors', 'loading', 'cache', 'retry', 'auth', 'user']

/**
 * Declares a stage next to a known one. Declaring a stage again at the same place does nothing;
 * at another place, or next to an unknown stage, it throws.
 *
 * @example
 * defineStage('trace', { after: 'monitor' }) // monitor → trace → errors → …
 */
export function defineStage(name: string, position: StagePosition): void {
  const anchor = position && (position.before || position.after)
  const at = anchor ? order.indexOf(anchor) : -1
  if (typeof name !== 'string' || !name || at < 0 || (position.before && position.after)) {
    throw invalidOption(
      `defineStage(): expected a name and { before } or { after } a known stage (${order.join(', ')}), got ${JSON.stringify(name)} ${JSON.stringify(position)}`,
    )
  }
  const index = position.before ? at : at + 1
  const existing = order.indexOf(name)
  if (existing >= 0) {
    const same = position.before ? order[existing + 1] === anchor : order[existing - 1] === anchor
    if (same) return
    throw invalidOption(
      `defineStage(): stage "${name}" is already declared elsewhere (${order.join(' → ')})`,
    )
  }
  order.splice(index, 0, name)
}

/** The place of a stage in the onion (0 outermost), or -1 when nobody declared it. */
export function stageIndex(stage: string): number {
  return order.indexOf(stage)
}

/**
 * The declared stages, outermost first.
 * @example getStages() // ['monitor', 'errors', 'loading', 'cache', 'retry', 'auth', 'user']
 */
export function getStages(): string[] {
  return order.slice()
}
