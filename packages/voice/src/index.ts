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
export * as VoiceError from "./VoiceError.js"

/**
 * @since 0.1.0
 */
export * as HttpTransport from "./HttpTransport.js"

/**
 * @since 0.1.0
 */
export * as Region from "./Region.js"

/**
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"

/**
 * @since 0.1.0
 */
export * as CircuitBreaker from "./CircuitBreaker.js"

/**
 * @since 0.1.0
 */
export * as RateLimit from "./RateLimit.js"

/**
 * @since 0.2.0
 */
export * as VoiceMetrics from "./VoiceMetrics.js"

/**
 * @since 0.1.0
 */
export * as VoiceConfig from "./VoiceConfig.js"

/**
 * @since 0.1.0
 */
export * as Callouts from "./Callouts.js"

/**
 * @since 0.1.0
 */
export * as Calls from "./Calls.js"

/**
 * @since 0.1.0
 */
export * as Conferences from "./Conferences.js"

/**
 * @since 0.1.0
 */
export * as Applications from "./Applications.js"

/**
 * @since 0.1.0
 */
export * as SinchVoice from "./SinchVoice.js"

/**
 * @since 0.1.0
 */
export * as VoiceTest from "./VoiceTest.js"

/**
 * @since 0.1.0
 */
export * as Events from "./Events.js"

/**
 * @since 0.1.0
 */
export * as WebhookError from "./WebhookError.js"

/**
 * @since 0.1.0
 */
export * as WebhookVerifier from "./WebhookVerifier.js"

/**
 * @since 0.1.0
 */
export * as Webhooks from "./Webhooks.js"

/**
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.js"

/**
 * @since 0.1.0
 */
export * as SimulatorScript from "./SimulatorScript.js"

/**
 * @since 0.1.0
 */
export * as SimulatorTranscript from "./SimulatorTranscript.js"
