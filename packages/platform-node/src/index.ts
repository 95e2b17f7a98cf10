/**
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as NodeCrypto from "./NodeCrypto.js"

/**
 * @since 0.1.0
 */
export * as NodeSinchVoice from "./NodeSinchVoice.js"

/**
 * @since 0.1.0
 */
export * as NodeWebhookServer from "./NodeWebhookServer.js"

/**
 * @since 0.1.0
 */
export * as NodeSimulator from "./NodeSimulator.js"

/**
 * @since 0.2.0
 */
export * as NodeCallFlows from "./NodeCallFlows.js"
