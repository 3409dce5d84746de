/**
 * The memory tier: a least-recently-used map of entries. A `Map` keeps insertion order, so a
 * hit moves its entry to the end and eviction takes from the front.
 */
import type { Entry } from './entry'
import type { CacheStats } from './stats'

export class MemoryTier {
  readonly entries = new Map<string, Entry>()

  constructor(
    private readonly max: number,
    private readonly stats: CacheStats,
  ) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key)
    if (entry) {
      this.entries.delete(key)
      this.entries.set(key, entry)
    }
    return entry
  }

  set(entry: Entry): void {
    this.entries.delete(entry.key)
    this.entries.set(entry.key, entry)
    if (this.entries.size > this.max) {
      // The first key is the least recently used.
      this.entries.delete(this.entries.keys().next().value as string)
      this.stats.evictions++
    }
  }

  delete(key: string): void {
    this.entries.delete(key)
  }
}
