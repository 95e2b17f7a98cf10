/**
 * The journal's row (re-exported by `CallJournal`), apart so that the journal implementations can
 * use it without an import cycle.
 */
import * as Schema from "effect/Schema"
import * as CallAnswer from "../CallAnswer.js"
import * as CallOutcome from "../CallOutcome.js"

export const Status = Schema.Literal("intended", "placed", "refused", "answered", "ended", "unknown")

export type Status = typeof Status.Type

export class Attempt extends Schema.Class<Attempt>("@effect-sinch/workflow/CallJournal/Attempt")({
  key: Schema.String,
  campaignId: Schema.optional(Schema.String),
  contactId: Schema.optional(Schema.String),
  destination: Schema.String,
  /** What the callee hears (read by the ACE handler). */
  answer: CallAnswer.Plan,
  /** The `DurableDeferred` token the DiCE completes (workflow mode); absent in process mode. */
  deferredToken: Schema.optional(Schema.String),
  status: Status,
  callId: Schema.optional(Schema.String),
  amd: Schema.optional(CallOutcome.Amd),
  outcome: Schema.optional(CallOutcome.Outcome),
  /** Why the attempt was refused or is unknown. */
  note: Schema.optional(Schema.String),
  /** Epoch milliseconds. */
  intendedAt: Schema.Number,
  updatedAt: Schema.Number
}) {}
