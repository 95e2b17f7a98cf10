/**
 * The typed errors of `@effect-sinch/workflow`. Every operation of the package fails with a closed
 * union of these classes (or of `@effect-sinch/voice`'s), never with a raw driver error: a journal
 * whose database fails gives `JournalError` with the operation and a bounded reason.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"

const maxReasonLength = 300

/**
 * A reason cut to a bounded length, whatever a driver or a caller put in it.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const boundedReason = (reason: unknown): string => {
  const text = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : String(reason)
  return text.length <= maxReasonLength ? text : `${text.slice(0, maxReasonLength)}…`
}

/**
 * The call journal could not be read or written (the database failed, or a stored row does not
 * decode). Nothing was sent when `intend` fails with it.
 *
 * @since 0.2.0
 * @category Errors
 */
export class JournalError extends Schema.TaggedError<JournalError>("@effect-sinch/workflow/JournalError")(
  "JournalError",
  { operation: Schema.String, reason: Schema.String }
) {
  /** @since 0.2.0 */
  override get message(): string {
    return `CallJournal.${this.operation}: ${this.reason}`
  }
}

/**
 * No campaign has this id.
 *
 * @since 0.2.0
 * @category Errors
 */
export class CampaignNotFound extends Schema.TaggedError<CampaignNotFound>("@effect-sinch/workflow/CampaignNotFound")(
  "CampaignNotFound",
  { campaignId: Schema.String }
) {
  /** @since 0.2.0 */
  override get message(): string {
    return `no campaign ${JSON.stringify(this.campaignId.slice(0, 100))}`
  }
}

/**
 * A campaign definition breaks a rule: `field` names the input, `reason` the rule.
 *
 * @since 0.2.0
 * @category Errors
 */
export class InvalidCampaign extends Schema.TaggedError<InvalidCampaign>("@effect-sinch/workflow/InvalidCampaign")(
  "InvalidCampaign",
  { field: Schema.String, reason: Schema.String }
) {
  /** @since 0.2.0 */
  override get message(): string {
    return `invalid campaign: ${this.field}: ${this.reason}`
  }
}
