/**
 * The request, policy and report schemas of `CallFlow` and its retry policy (re-exported there).
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as CallAnswer from "../CallAnswer.js"
import * as CallOutcome from "../CallOutcome.js"

export const CallRequest = Schema.Struct({
  /** The callee, E.164. */
  destination: Schema.String,
  message: CallAnswer.Message,
  /** Default: `CallAnswer.hangUp`. */
  machine: Schema.optional(CallAnswer.MachinePolicy),
  /** The caller id shown (else `Settings.cli`). */
  cli: Schema.optional(Schema.String),
  campaignId: Schema.optional(Schema.String),
  contactId: Schema.optional(Schema.String),
  /** Seconds of ringing before no-answer (Sinch's default when absent, assumed 60 s for the deadline). */
  dialTimeoutSeconds: Schema.optional(Schema.Int),
  /** The longest the call may last. Default: 600 s. */
  maxDurationSeconds: Schema.optional(Schema.Int)
}).annotations({ identifier: "CallRequest" })

export type CallRequest = typeof CallRequest.Type

export const RetryPolicy = Schema.Struct({
  maxAttempts: Schema.optional(Schema.Int.pipe(Schema.between(1, 100))),
  retryDelaySeconds: Schema.optional(Schema.NonNegative),
  backoffFactor: Schema.optional(Schema.Number.pipe(Schema.greaterThanOrEqualTo(1))),
  maxRetryDelaySeconds: Schema.optional(Schema.NonNegative)
}).annotations({ identifier: "RetryPolicy" })

export type RetryPolicy = typeof RetryPolicy.Type

export const Conclusion = Schema.Literal("reached", "voicemail", "machine", "exhausted", "refused", "unknown")

export type Conclusion = typeof Conclusion.Type

export class CallReport extends Schema.Class<CallReport>("@effect-sinch/workflow/CallFlow/CallReport")({
  conclusion: Conclusion,
  outcome: CallOutcome.Outcome,
  attempts: Schema.Array(CallOutcome.Outcome)
}) {}

export const decide = (
  request: CallRequest,
  policy: RetryPolicy,
  outcome: CallOutcome.Outcome,
  attempt: number
): { readonly _tag: "Stop"; readonly conclusion: Conclusion } | { readonly _tag: "Retry" } => {
  const attemptsLeft = attempt < (policy.maxAttempts ?? defaultMaxAttempts)
  const machine = request.machine ?? CallAnswer.hangUp
  switch (outcome.disposition) {
    case "human":
      return { _tag: "Stop", conclusion: "reached" }
    case "unknown":
      return { _tag: "Stop", conclusion: "unknown" }
    case "machine":
      if (machine._tag === "LeaveVoicemail") return { _tag: "Stop", conclusion: "voicemail" }
      if (machine._tag === "TreatAsHuman") return { _tag: "Stop", conclusion: "reached" }
      return machine.retry && attemptsLeft ? { _tag: "Retry" } : { _tag: "Stop", conclusion: "machine" }
    case "no-answer":
    case "busy":
    case "failed":
      if (outcome.refusal !== undefined && !outcome.refusal.retryable) return { _tag: "Stop", conclusion: "refused" }
      return attemptsLeft ? { _tag: "Retry" } : { _tag: "Stop", conclusion: "exhausted" }
  }
}

export const defaultMaxAttempts = 3

export const retryDelay = (policy: RetryPolicy, attempt: number): Duration.Duration => {
  const base = policy.retryDelaySeconds ?? 300
  const factor = policy.backoffFactor ?? 2
  const max = policy.maxRetryDelaySeconds ?? 3600
  return Duration.seconds(Math.min(max, base * Math.pow(factor, attempt - 1)))
}
