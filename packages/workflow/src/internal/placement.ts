/**
 * Placing one attempt, journaled: the intent is committed first; an attempt found in the journal is
 * never sent again. Shared by `CallFlow.placeCall` (inside an activity) and `AwaitCall`.
 */
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Callouts from "@effect-sinch/voice/Callouts"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as CallAnswer from "../CallAnswer.js"
import * as CallJournal from "../CallJournal.js"
import * as CallOutcome from "../CallOutcome.js"
import * as Correlation from "../Correlation.js"
import * as WorkflowError from "../WorkflowError.js"

/** What sending an attempt gave: a call id, a refusal (no call exists), or not knowing. */
export const Placement = Schema.Union(
  Schema.TaggedStruct("Placed", { callId: Schema.String }),
  Schema.TaggedStruct("Refused", { refusal: CallOutcome.Refusal }),
  Schema.TaggedStruct("Unknown", { note: Schema.String })
)

export type Placement = typeof Placement.Type

export interface Request {
  readonly destination: string
  readonly message: CallAnswer.Message
  readonly machine?: CallAnswer.MachinePolicy | undefined
  readonly cli?: string | undefined
  readonly campaignId?: string | undefined
  readonly contactId?: string | undefined
  readonly dialTimeoutSeconds?: number | undefined
  readonly maxDurationSeconds?: number | undefined
}

export interface Settings {
  readonly callbackUrl: string
  readonly cli: string | undefined
}

export const defaultMaxDurationSeconds = 600

/** Errors after which Sinch provably did not place the call. */
const refusal = (error: VoiceError.CalloutError): CallOutcome.Refusal | undefined => {
  switch (error._tag) {
    case "InvalidInput":
    case "BadRequest":
    case "Unauthorized":
    case "PaymentRequired":
      return new CallOutcome.Refusal({ reason: WorkflowError.boundedReason(error.message), retryable: false })
    case "RateLimited":
    case "CircuitOpen":
      return new CallOutcome.Refusal({ reason: WorkflowError.boundedReason(error.message), retryable: true })
    case "TransportError":
      // e.g. connection refused: nothing left this process, so trying again later calls nobody twice
      return error.mayHaveReachedSinch
        ? undefined
        : new CallOutcome.Refusal({ reason: WorkflowError.boundedReason(error.message), retryable: true })
    case "ServerError":
    case "Timeout":
    case "UnexpectedResponse":
      return undefined
  }
}

/** The custom callout of an attempt: inline ICE `connectPstn` with AMD, ACE to the app, `custom` = correlation. */
export const callout = (key: string, request: Request, settings: Settings): Callouts.CustomCallout => {
  const maxDuration = request.maxDurationSeconds ?? defaultMaxDurationSeconds
  const cli = request.cli ?? settings.cli
  return {
    custom: Correlation.encode(key),
    maxDuration,
    ice: {
      action: Actions.connectPstn(request.destination, {
        amd: { enabled: true },
        maxDuration,
        ...(cli === undefined ? {} : { cli }),
        ...(request.dialTimeoutSeconds === undefined ? {} : { dialTimeout: request.dialTimeoutSeconds })
      })
    },
    ace: settings.callbackUrl
  }
}

export const plan = (request: Request): CallAnswer.Plan => ({
  message: request.message,
  machine: request.machine ?? CallAnswer.hangUp
})

const existing = (attempt: CallJournal.Attempt): Placement => {
  if (attempt.callId !== undefined) return { _tag: "Placed", callId: attempt.callId }
  if (attempt.status === "refused") {
    return {
      _tag: "Refused",
      refusal: new CallOutcome.Refusal({ reason: attempt.note ?? "refused", retryable: false })
    }
  }
  return {
    _tag: "Unknown",
    note: "an earlier run recorded the intent but not Sinch's answer: not sent again"
  }
}

export const place = (
  key: string,
  request: Request,
  settings: Settings,
  deferredToken: string | undefined
): Effect.Effect<Placement, WorkflowError.JournalError, CallJournal.CallJournal | Callouts.Callouts> =>
  Effect.gen(function*() {
    const journal = yield* CallJournal.CallJournal
    const intended = yield* journal.intend(key, {
      campaignId: request.campaignId,
      contactId: request.contactId,
      destination: request.destination,
      answer: plan(request),
      deferredToken
    })
    if (intended._tag === "Existing") return existing(intended.attempt)
    const callouts = yield* Callouts.Callouts
    const sent = yield* Effect.either(callouts.custom(callout(key, request, settings)))
    if (Either.isRight(sent)) {
      yield* journal.placed(key, sent.right.callId)
      return { _tag: "Placed", callId: sent.right.callId } as const
    }
    const refused = refusal(sent.left)
    if (refused !== undefined) {
      yield* journal.refused(key, refused.reason)
      return { _tag: "Refused", refusal: refused } as const
    }
    // 5xx, timeout, transport: the call may exist; the row stays `intended` for a callback to reconcile
    yield* Effect.logWarning("callout outcome unknown", { attemptKey: key, error: sent.left._tag })
    return {
      _tag: "Unknown",
      note: `the callout may have been placed: ${WorkflowError.boundedReason(sent.left.message)}`
    } as const
  })

/** The outcome of an attempt past its deadline: the journal's, else `unknown` (and recorded so). */
export const settle = (
  key: string,
  note: string
): Effect.Effect<CallOutcome.Outcome, WorkflowError.JournalError, CallJournal.CallJournal> =>
  Effect.gen(function*() {
    const journal = yield* CallJournal.CallJournal
    const row = yield* journal.get(key)
    if (row._tag === "Some" && row.value.outcome !== undefined) return row.value.outcome
    yield* journal.markUnknown(key, note)
    return CallOutcome.unknown(key, note, {
      callId: row._tag === "Some" ? row.value.callId : undefined,
      amd: row._tag === "Some" ? row.value.amd : undefined
    })
  })

/** How long to wait for the DiCE: ringing + the longest call + a margin. */
export const deadlineMillis = (request: Request, marginMillis: number): number =>
  ((request.dialTimeoutSeconds ?? 60) + (request.maxDurationSeconds ?? defaultMaxDurationSeconds)) * 1000 +
  marginMillis
