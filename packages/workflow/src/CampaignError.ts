/**
 * The typed errors of outbound campaigns (besides `WorkflowError.CampaignNotFound` and
 * `WorkflowError.InvalidCampaign`): calling windows, contact lists, the storage of the pacer and
 * the campaign store, refused campaign operations. Every message is bounded: values a caller sent are quoted
 * shortened (at most 60 characters), and lists of problems keep the first few and count the rest.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"

/**
 * A caller's value shortened for a message: JSON-quoted, at most 60 characters.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const quote = (value: unknown): string => {
  const text = typeof value === "string" ? value : String(value)
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text
  return JSON.stringify(short)
}

/**
 * A calling window breaks a rule (time format, empty weekdays, start equal to end).
 *
 * @since 0.2.0
 * @category Errors
 */
export class InvalidCallingWindow extends Schema.TaggedError<InvalidCallingWindow>(
  "@effect-sinch/workflow/InvalidCallingWindow"
)("InvalidCallingWindow", { reason: Schema.String }) {
  /** @since 0.2.0 */
  override get message(): string {
    return `invalid calling window: ${this.reason}`
  }
}

/**
 * A time zone that is not an IANA zone known to this runtime's `Intl`.
 *
 * @since 0.2.0
 * @category Errors
 */
export class InvalidTimeZone extends Schema.TaggedError<InvalidTimeZone>(
  "@effect-sinch/workflow/InvalidTimeZone"
)("InvalidTimeZone", { timeZone: Schema.String }) {
  /** @since 0.2.0 */
  override get message(): string {
    return `unknown time zone ${quote(this.timeZone)} (expected an IANA zone such as "Europe/Stockholm")`
  }
}

/**
 * One problem in a contact list: the line (CSV, 1-based, the header is line 1) or the item
 * (JSON, 0-based index) and what is wrong with it.
 *
 * @since 0.2.0
 * @category Models
 */
export class ContactProblem extends Schema.Class<ContactProblem>("@effect-sinch/workflow/ContactProblem")({
  /** `line N` for CSV, `item N` for JSON, `input` for the whole text. */
  location: Schema.String,
  reason: Schema.String
}) {}

/**
 * A contact list was refused: the first problems found (at most 20), and how many more there were.
 * Nothing from a refused list is used.
 *
 * @since 0.2.0
 * @category Errors
 */
export class InvalidContacts extends Schema.TaggedError<InvalidContacts>(
  "@effect-sinch/workflow/InvalidContacts"
)("InvalidContacts", {
  source: Schema.Literal("csv", "json", "contacts"),
  problems: Schema.Array(ContactProblem),
  more: Schema.Number
}) {
  /** @since 0.2.0 */
  override get message(): string {
    const shown = this.problems.slice(0, 5).map((problem) => `${problem.location}: ${problem.reason}`)
    const hidden = this.problems.length - shown.length + this.more
    return `invalid ${this.source} contact list: ${shown.join("; ")}${hidden > 0 ? `; and ${hidden} more` : ""}`
  }
}

/**
 * The storage behind the pacer or the campaign store failed (the database is unreachable, a
 * statement failed). `operation` names what was being done; `reason` is the driver's message,
 * shortened.
 *
 * @since 0.2.0
 * @category Errors
 */
export class CampaignStorageError extends Schema.TaggedError<CampaignStorageError>(
  "@effect-sinch/workflow/CampaignStorageError"
)("CampaignStorageError", { operation: Schema.String, reason: Schema.String }) {
  /** @since 0.2.0 */
  override get message(): string {
    return `${this.operation}: storage failed: ${this.reason}`
  }
}

/**
 * A campaign operation was refused: the id is already used by a campaign with other settings, or
 * the operation does not apply in the campaign's status (e.g. resuming a cancelled campaign).
 * (Settings that break a rule are `WorkflowError.InvalidCampaign`; an unknown id is
 * `WorkflowError.CampaignNotFound`.)
 *
 * @since 0.2.0
 * @category Errors
 */
export class CampaignRefused extends Schema.TaggedError<CampaignRefused>(
  "@effect-sinch/workflow/CampaignRefused"
)("CampaignRefused", { campaignId: Schema.String, reason: Schema.String }) {
  /** @since 0.2.0 */
  override get message(): string {
    return `campaign ${quote(this.campaignId)}: ${this.reason}`
  }
}
