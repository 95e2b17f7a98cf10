/**
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as Crypto from "./Crypto.js"

/**
 * @since 0.1.0
 */
export * as Signature from "./Signature.js"

/**
 * @since 0.1.0
 */
export * as Model from "./Model.js"

/**
 * @since 0.1.0
 */
export * as Events from "./Events.js"
