/**
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Literals from "./Literals.js"

/**
 * @since 0.1.0
 */
export * as Fields from "./Fields.js"
