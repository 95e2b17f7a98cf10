/**
 * Schema failures described within bounds: `@effect-sinch/svaml/Issues`, shared by every package.
 *
 * @internal
 */
export { describe, first, joinPath, maxMessageLength } from "@effect-sinch/svaml/Issues"
export type { Issue } from "@effect-sinch/svaml/Issues"
