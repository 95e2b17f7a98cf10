/**
 * The contract of the SVAML benchmark: named operations, each with the same work done with plain
 * `JSON.stringify` / `JSON.parse` for scale.
 */

export interface SvamlCase {
  readonly name: string
  /** One operation with the `Documents` schemas of `@effect-sinch/svaml`. */
  readonly schema: () => void
  /** The same document through plain JSON, without schemas. */
  readonly plain: () => void
}
