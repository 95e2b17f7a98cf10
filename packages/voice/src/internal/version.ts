/**
 * The version of `@effect-sinch/voice`, kept equal to its `package.json` (a test checks that they
 * agree), and the `User-Agent` the client sends.
 */

/** @internal */
export const version = "0.1.0"

/** @internal */
export const userAgent = `effect-sinch/${version}`
