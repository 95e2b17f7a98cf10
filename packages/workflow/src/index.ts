/**
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 */
export * as WorkflowError from "./WorkflowError.js"

/**
 * @since 0.2.0
 */
export * as Correlation from "./Correlation.js"

/**
 * @since 0.2.0
 */
export * as CallAnswer from "./CallAnswer.js"

/**
 * @since 0.2.0
 */
export * as CallOutcome from "./CallOutcome.js"

/**
 * @since 0.2.0
 */
export * as CallJournal from "./CallJournal.js"

/**
 * @since 0.2.0
 */
export * as CallFlow from "./CallFlow.js"

/**
 * @since 0.2.0
 */
export * as AwaitCall from "./AwaitCall.js"

/**
 * @since 0.2.0
 */
export * as OutcomeWebhooks from "./OutcomeWebhooks.js"

/**
 * @since 0.2.0
 */
export * as CampaignError from "./CampaignError.js"

/**
 * @since 0.2.0
 */
export * as CallingWindow from "./CallingWindow.js"

/**
 * @since 0.2.0
 */
export * as Contacts from "./Contacts.js"

/**
 * @since 0.2.0
 */
export * as Pacer from "./Pacer.js"

/**
 * @since 0.2.0
 */
export * as CampaignStore from "./CampaignStore.js"

/**
 * @since 0.2.0
 */
export * as Campaign from "./Campaign.js"
