/**
 * Exact type equality for the fixtures, without vitest's types (each fixture is compiled as a
 * program of its own, and a small one compiles fast). `expectTrue<Equal<A, B>>()` fails to
 * compile unless `A` and `B` are the same type.
 */
export type Equal<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false

/** Compiles only when `T` is `true`. */
export function expectTrue<T extends true>(): T | undefined {
  return undefined
}
