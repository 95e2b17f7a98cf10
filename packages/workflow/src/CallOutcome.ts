/**
 * How a call attempt ended: Sinch's DiCE facts (result, reason, duration, debit), the answering
 * machine verdict from the ACE, and a `Disposition` to branch on.
 *
 * | disposition | when |
 * |---|---|
 * | `human` | answered, and detection did not report a machine |
 * | `machine` | answered, detection reported `machine` |
 * | `no-answer` | DiCE result `NOANSWER` |
 * | `busy` | DiCE result `BUSY` |
 * | `failed` | DiCE result `FAILED` (or another unanswered end), or Sinch refused the callout (`refusal`) |
 * | `unknown` | no DiCE before the attempt's deadline: the callee may or may not have been called |
 *
 * ```ts
 * const outcome = CallOutcome.fromDice("wf-1/1", diceEvent, { status: "machine" })
 * outcome.disposition // "machine"
 * ```
 *
 * @since 0.2.0
 */
import type * as Events from "@effect-sinch/voice/Events"
import * as Schema from "effect/Schema"

/**
 * @since 0.2.0
 * @category Schemas
 */
export const Disposition = Schema.Literal("human", "machine", "no-answer", "busy", "failed", "unknown")

/**
 * @since 0.2.0
 * @category Models
 */
export type Disposition = typeof Disposition.Type

/**
 * The answering machine detection verdict (from the ACE, or an asynchronous Notify).
 *
 * @since 0.2.0
 * @category Schemas
 */
export class Amd extends Schema.Class<Amd>("@effect-sinch/workflow/CallOutcome/Amd")({
  status: Schema.String,
  reason: Schema.optional(Schema.String),
  durationSeconds: Schema.optional(Schema.Number)
}) {}

/**
 * The amount charged.
 *
 * @since 0.2.0
 * @category Schemas
 */
export class Debit extends Schema.Class<Debit>("@effect-sinch/workflow/CallOutcome/Debit")({
  currencyId: Schema.String,
  amount: Schema.Number
}) {}

/**
 * Sinch refused the callout (no call exists): why, and whether trying again later may succeed
 * (rate limited, circuit open) or not (invalid input, no credit, forbidden).
 *
 * @since 0.2.0
 * @category Schemas
 */
export class Refusal extends Schema.Class<Refusal>("@effect-sinch/workflow/CallOutcome/Refusal")({
  reason: Schema.String,
  retryable: Schema.Boolean
}) {}

/**
 * How one attempt ended.
 *
 * @since 0.2.0
 * @category Schemas
 */
export class Outcome extends Schema.Class<Outcome>("@effect-sinch/workflow/CallOutcome/Outcome")({
  attemptKey: Schema.String,
  /** The call's id; absent when no call was placed (refused) or none is known (unknown). */
  callId: Schema.optional(Schema.String),
  disposition: Disposition,
  /** Sinch's DiCE `result` (`ANSWERED`, `BUSY`, `NOANSWER`, `FAILED`, `N/A`). */
  result: Schema.String,
  /** Sinch's DiCE `reason` (e.g. `CALLEEHANGUP`, `MANAGERHANGUP`, `TIMEOUT`). */
  reason: Schema.String,
  durationSeconds: Schema.Number,
  debit: Schema.optional(Debit),
  amd: Schema.optional(Amd),
  refusal: Schema.optional(Refusal),
  /** Why the outcome is `unknown`, in words. */
  note: Schema.optional(Schema.String)
}) {}

/**
 * The AMD verdict of an ACE or Notify event.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const amdFromEvent = (
  detection: Events.AnsweringMachineDetection | undefined
): Amd | undefined =>
  detection?.status === undefined ? undefined : new Amd({
    status: detection.status,
    ...(detection.reason === undefined ? {} : { reason: detection.reason }),
    ...(detection.duration === undefined ? {} : { durationSeconds: detection.duration })
  })

/**
 * The disposition of a DiCE result, given the AMD verdict.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const disposition = (result: string | undefined, amd: Amd | undefined): Disposition => {
  switch (result?.toUpperCase()) {
    case "ANSWERED":
      return amd?.status.toLowerCase() === "machine" ? "machine" : "human"
    case "BUSY":
      return "busy"
    case "NOANSWER":
      return "no-answer"
    default:
      return "failed"
  }
}

/**
 * The outcome a DiCE reports.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const fromDice = (attemptKey: string, event: Events.DiceEvent, amd?: Amd | undefined): Outcome =>
  new Outcome({
    attemptKey,
    callId: event.callid,
    disposition: disposition(event.result, amd),
    result: event.result ?? "N/A",
    reason: event.reason ?? "N/A",
    durationSeconds: event.duration ?? 0,
    ...(event.debit === undefined ? {} : { debit: new Debit(event.debit) }),
    ...(amd === undefined ? {} : { amd })
  })

/**
 * The outcome of an attempt whose end is not known (no DiCE before its deadline).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const unknown = (
  attemptKey: string,
  note: string,
  facts: { readonly callId?: string | undefined; readonly amd?: Amd | undefined } = {}
): Outcome =>
  new Outcome({
    attemptKey,
    ...(facts.callId === undefined ? {} : { callId: facts.callId }),
    disposition: "unknown",
    result: "N/A",
    reason: "N/A",
    durationSeconds: 0,
    ...(facts.amd === undefined ? {} : { amd: facts.amd }),
    note
  })

/**
 * The outcome of an attempt whose callout Sinch refused (no call was placed).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const refused = (attemptKey: string, refusal: Refusal): Outcome =>
  new Outcome({
    attemptKey,
    disposition: "failed",
    result: "N/A",
    reason: "N/A",
    durationSeconds: 0,
    refusal
  })
