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

/**
 * @since 0.2.0
 */
export * as Issues from "./Issues.js"

/**
 * @since 0.1.0
 */
export * as Prompts from "./Prompts.js"

/**
 * @since 0.1.0
 */
export * as Instructions from "./Instructions.js"

/**
 * @since 0.1.0
 */
export * as Menus from "./Menus.js"

/**
 * @since 0.1.0
 */
export * as Actions from "./Actions.js"

/**
 * @since 0.1.0
 */
export * as Documents from "./Documents.js"

/**
 * @since 0.1.0
 */
export * as SvamlError from "./SvamlError.js"

/**
 * @since 0.1.0
 */
export * as Svaml from "./Svaml.js"
