/**
 * Durable calls: "place call → await outcome → branch → retry after a delay / leave a voicemail /
 * give up" as one `@effect/workflow` workflow that survives a crash or a redeploy at any point and
 * resumes on another instance, without ever calling the callee twice for one attempt.
 *
 * Use the ready-made workflow:
 *
 * ```ts
 * const Live = CallFlow.layer.pipe(
 *   Layer.provideMerge(CallFlow.layerSettings({ callbackUrl: "https://app.example.com/sinch/callback" })),
 *   Layer.provideMerge(CallJournal.layerSql()),
 *   // + Callouts, a WorkflowEngine (e.g. ClusterWorkflowEngine), and OutcomeWebhooks on the callback URL
 * )
 * const report = yield* CallFlow.workflow.execute({
 *   id: "reminder-42",
 *   request: {
 *     destination: "+46700000001",
 *     message: "Your appointment is tomorrow at 10.",
 *     machine: CallAnswer.leaveVoicemail("Hello, a reminder: your appointment is tomorrow at 10.")
 *   },
 *   policy: { maxAttempts: 3, retryDelaySeconds: 600 }
 * })
 * report.outcome.disposition // "human" | "machine" | ...
 * ```
 *
 * or the building blocks inside your own workflow: `call({ attempt, request })` (= `placeCall` +
 * `awaitOutcome`). Attempt numbers must be unique within one workflow execution.
 *
 * How an attempt runs, and what happens when the process dies at each point:
 *
 * 1. `placeCall` (activity `CallFlow/place/<n>`): `CallJournal.intend` commits the attempt (key
 *    `<executionId>/<n>`, the answer plan, the outcome deferred's token) **before** the request
 *    leaves. Then the custom callout: inline ICE `connectPstn` with AMD, ACE to `callbackUrl`,
 *    `custom` = `Correlation.encode(key)`; Sinch's answer is journaled (`placed`).
 *    - dies before `intend` committed: nothing was sent; the activity runs again and sends.
 *    - dies after `intend`, before the answer is journaled: the activity runs again (activities are
 *      at-least-once), finds the row without a call id and **does not send**: `Unknown`. The DiCE
 *      of the call, if one was placed, carries the correlation and reconciles the row and the
 *      outcome; else the deadline ends the attempt as `unknown`.
 *    - dies after the activity completed: its result is in the workflow's history; not re-run.
 *    - a refusal (4xx, no credit, invalid input, rate limited, circuit open, a transport error
 *      before anything was sent) is journaled (`refused`): no call exists; the outcome is `failed`
 *      with its `refusal` (retryable for the last three).
 *    - a 5xx, timeout or transport error after the request may have left: the call may exist: as
 *      "dies before the answer".
 *    - the journal fails: before the send, nothing was sent and the activity is retried (3 times,
 *      then the workflow fails with `JournalError`); after the send, the retry finds the intent
 *      and does not send again (as "dies before the answer"). A database that cannot be reached
 *      (connection refused or lost) is waited for first: each journal write is tried again for up
 *      to `Settings.storageOutage` (5 minutes by default) before it counts as failed.
 * 2. The deadline (activity `CallFlow/deadline/<n>`): a durable clock (stored, not in memory) of
 *    dial timeout + max duration + margin, scheduled once.
 * 3. `awaitOutcome`: a `DurableDeferred` completed by whichever comes first — the DiCE (through
 *    `OutcomeWebhooks`, on any instance, even while no workflow runner is up) or the deadline
 *    clock. A DiCE gives the outcome; the deadline settles the attempt from the journal (activity
 *    `CallFlow/settle/<n>`): the journaled outcome if a DiCE was recorded, else `unknown`.
 * 4. The workflow branches on the disposition (`decide`): `human` → done; `machine` → per the
 *    machine policy (the voicemail was left by the ACE answer; `HangUp { retry: true }` tries
 *    again); `no-answer` / `busy` / `failed` → a durable sleep (`CallFlow/retry/<n>`) then the next
 *    attempt while attempts remain; `unknown` → never retried (the callee may have been called);
 *    a refusal that cannot succeed later → done.
 *
 * Timers fire up to one storage poll interval late (the engine's `entityMessagePollInterval`).
 *
 * @since 0.2.0
 */
import type * as Callouts from "@effect-sinch/voice/Callouts"
import * as Activity from "@effect/workflow/Activity"
import * as DurableClock from "@effect/workflow/DurableClock"
import * as DurableDeferred from "@effect/workflow/DurableDeferred"
import * as Workflow from "@effect/workflow/Workflow"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as CallJournal from "./CallJournal.js"
import * as CallOutcome from "./CallOutcome.js"
import * as Correlation from "./Correlation.js"
import * as flowModel from "./internal/flowModel.js"
import * as internalPlacement from "./internal/placement.js"
import * as storageOutage from "./internal/storageOutage.js"
import * as WorkflowError from "./WorkflowError.js"

/**
 * One call to make: `destination` (E.164), `message` (what a person hears), `machine` (the
 * `CallAnswer.MachinePolicy`, default `hangUp`), `cli`, `campaignId`, `contactId`,
 * `dialTimeoutSeconds` (assumed 60 s for the deadline when absent), `maxDurationSeconds`
 * (default 600 s).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const CallRequest = flowModel.CallRequest

/**
 * @since 0.2.0
 * @category Models
 */
export type CallRequest = flowModel.CallRequest

/**
 * When to try again: `maxAttempts` (default 3), `retryDelaySeconds` before the second attempt
 * (default 300), `backoffFactor` (default 2), `maxRetryDelaySeconds` (default 3600).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const RetryPolicy = flowModel.RetryPolicy

/**
 * @since 0.2.0
 * @category Models
 */
export type RetryPolicy = flowModel.RetryPolicy

/**
 * How a call flow ended: `reached` (a person; or a machine under `TreatAsHuman`), `voicemail` (left
 * on a machine), `machine` (hung up on a machine, no retry or none left), `exhausted` (no answer /
 * busy / failed every time), `refused` (Sinch refused the callout; a retry cannot fix it),
 * `unknown` (the last attempt's end is not known; never retried).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Conclusion = flowModel.Conclusion

/**
 * @since 0.2.0
 * @category Models
 */
export type Conclusion = flowModel.Conclusion

/**
 * The result of `CallFlow.workflow`: the conclusion, the last outcome, every attempt's outcome.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const CallReport = flowModel.CallReport

/**
 * @since 0.2.0
 * @category Models
 */
export type CallReport = flowModel.CallReport

/**
 * What every call flow of an application shares.
 *
 * @since 0.2.0
 * @category Models
 */
export interface SettingsShape {
  /** The URL where the app's `Webhooks` (with `OutcomeWebhooks`) answer; the ACE is sent there. */
  readonly callbackUrl: string
  /** The default caller id. */
  readonly cli?: string | undefined
  /** Added to dial timeout + max duration for an attempt's deadline. Default: 2 minutes. */
  readonly deadlineMargin?: Duration.DurationInput | undefined
  /**
   * How long a step of a flow or campaign keeps trying a storage operation while its database
   * cannot be reached (connection refused or lost) before it fails; other storage errors are not
   * waited for. Default: 5 minutes.
   */
  readonly storageOutage?: Duration.DurationInput | undefined
}

/**
 * The settings in effect (see `SettingsShape`; `layerSettings` fills in the defaults).
 *
 * @since 0.2.0
 * @category Context
 */
export class Settings extends Context.Tag("@effect-sinch/workflow/CallFlow/Settings")<Settings, {
  readonly callbackUrl: string
  readonly cli: string | undefined
  readonly deadlineMargin: Duration.Duration
  /** Absent: `defaultStorageOutage`. */
  readonly storageOutage?: Duration.Duration | undefined
}>() {}

/**
 * @since 0.2.0
 * @category Constants
 */
export const defaultDeadlineMargin: Duration.Duration = Duration.minutes(2)

/**
 * @since 0.2.0
 * @category Constants
 */
export const defaultStorageOutage: Duration.Duration = storageOutage.defaultMaxWait

/**
 * @since 0.2.0
 * @category Layers
 */
export const layerSettings = (settings: SettingsShape): Layer.Layer<Settings> =>
  Layer.succeed(Settings, {
    callbackUrl: settings.callbackUrl,
    cli: settings.cli,
    deadlineMargin: Duration.decode(settings.deadlineMargin ?? defaultDeadlineMargin),
    storageOutage: Duration.decode(settings.storageOutage ?? defaultStorageOutage)
  })

/**
 * What `placeCall` gives: the call id, a refusal (no call exists), or `Unknown` (the call may exist;
 * a callback reconciles it, else the deadline ends it as `unknown`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Placement = internalPlacement.Placement

/**
 * @since 0.2.0
 * @category Models
 */
export type Placement = internalPlacement.Placement

/**
 * The success schema of an outcome deferred: the outcome, or `undefined` for the deadline.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const OutcomeOrDeadline = Schema.UndefinedOr(CallOutcome.Outcome)

/**
 * The deferred an attempt's outcome arrives on: the DiCE completes it with the outcome, the
 * deadline clock with `undefined` (it is the clock's own deferred, so the first one wins).
 *
 * @since 0.2.0
 * @category Deferreds
 */
export const outcomeDeferred = (attempt: number): DurableDeferred.DurableDeferred<typeof OutcomeOrDeadline> =>
  DurableDeferred.make(deadlineClock(attempt, Duration.zero).deferred.name, { success: OutcomeOrDeadline })

const deadlineClock = (attempt: number, duration: Duration.Duration) =>
  DurableClock.make({ name: `CallFlow/outcome/${attempt}`, duration })

const currentKey = (attempt: number) =>
  Effect.map(WorkflowEngine.WorkflowInstance, (instance) => Correlation.workflowKey(instance.executionId, attempt))

/**
 * The journaled callout activity of attempt `attempt` (see the module docs for its failure model).
 *
 * @since 0.2.0
 * @category Activities
 */
export const placeCall = (options: {
  readonly attempt: number
  readonly request: CallRequest
}): Effect.Effect<
  Placement,
  WorkflowError.JournalError,
  | WorkflowEngine.WorkflowEngine
  | WorkflowEngine.WorkflowInstance
  | CallJournal.CallJournal
  | Callouts.Callouts
  | Settings
> =>
  Effect.gen(function*() {
    const key = yield* currentKey(options.attempt)
    const token = yield* DurableDeferred.token(outcomeDeferred(options.attempt))
    const settings = yield* Settings
    return yield* Activity.make({
      name: `CallFlow/place/${options.attempt}`,
      success: Placement,
      error: WorkflowError.JournalError,
      execute: internalPlacement.place(key, options.request, settings, token).pipe(
        storageOutage.within(settings.storageOutage ?? defaultStorageOutage)
      )
    }).pipe(Activity.retry({ times: 3 }))
  })

// Whenever the flow runs (again) up to its wait: an outcome the journal recorded — the DiCE handler
// writes it first, also when the engine could not take it — completes the attempt's deferred. The
// deferred keeps its first completion, so a flow the deadline already settled stays settled.
const adoptRecorded = (key: string, attempt: number) =>
  Effect.gen(function*() {
    const journal = yield* CallJournal.CallJournal
    // unreadable now: the DiCE or the deadline settles the attempt
    const row = yield* Effect.orElseSucceed(journal.get(key), () => Option.none<CallJournal.Attempt>())
    if (Option.isNone(row) || row.value.outcome === undefined) return
    const deferred = outcomeDeferred(attempt)
    yield* DurableDeferred.succeed(deferred, {
      token: yield* DurableDeferred.token(deferred),
      value: row.value.outcome
    })
  })

/**
 * Waits for attempt `attempt`'s outcome: its DiCE, or `unknown` at the durable deadline. An outcome
 * already in the journal (recorded while the flow was down, or while the engine could not take the
 * DiCE) is taken as soon as the flow runs again; at the deadline the journal is read once more.
 *
 * @since 0.2.0
 * @category Activities
 */
export const awaitOutcome = (options: {
  readonly attempt: number
  readonly deadline: Duration.DurationInput
}): Effect.Effect<
  CallOutcome.Outcome,
  WorkflowError.JournalError,
  WorkflowEngine.WorkflowEngine | WorkflowEngine.WorkflowInstance | CallJournal.CallJournal
> =>
  Effect.gen(function*() {
    const key = yield* currentKey(options.attempt)
    const clock = deadlineClock(options.attempt, Duration.decode(options.deadline))
    yield* Activity.make({
      name: `CallFlow/deadline/${options.attempt}`,
      execute: Effect.gen(function*() {
        const engine = yield* WorkflowEngine.WorkflowEngine
        const instance = yield* WorkflowEngine.WorkflowInstance
        yield* engine.scheduleClock(instance.workflow, { executionId: instance.executionId, clock })
      })
    })
    yield* adoptRecorded(key, options.attempt)
    const outcome = yield* DurableDeferred.await(outcomeDeferred(options.attempt))
    if (outcome !== undefined) return outcome
    const settings = yield* Effect.serviceOption(Settings)
    return yield* Activity.make({
      name: `CallFlow/settle/${options.attempt}`,
      success: CallOutcome.Outcome,
      error: WorkflowError.JournalError,
      execute: internalPlacement.settle(key, "no DiCE before the attempt's deadline").pipe(
        storageOutage.within(Option.getOrUndefined(settings)?.storageOutage ?? defaultStorageOutage)
      )
    }).pipe(Activity.retry({ times: 3 }))
  })

/**
 * One attempt: `placeCall`, then (unless refused) `awaitOutcome` with the request's deadline.
 *
 * @since 0.2.0
 * @category Activities
 */
export const call = (options: {
  readonly attempt: number
  readonly request: CallRequest
}): Effect.Effect<
  CallOutcome.Outcome,
  WorkflowError.JournalError,
  | WorkflowEngine.WorkflowEngine
  | WorkflowEngine.WorkflowInstance
  | CallJournal.CallJournal
  | Callouts.Callouts
  | Settings
> =>
  Effect.gen(function*() {
    const placement = yield* placeCall(options)
    if (placement._tag === "Refused") {
      return CallOutcome.refused(yield* currentKey(options.attempt), placement.refusal)
    }
    const settings = yield* Settings
    return yield* awaitOutcome({
      attempt: options.attempt,
      deadline: Duration.millis(
        internalPlacement.deadlineMillis(options.request, Duration.toMillis(settings.deadlineMargin))
      )
    })
  })

/**
 * The next step after an attempt: stop with a conclusion, or retry.
 *
 * @since 0.2.0
 * @category Policy
 */
export const decide = flowModel.decide

/**
 * @since 0.2.0
 * @category Constants
 */
export const defaultMaxAttempts = flowModel.defaultMaxAttempts

/**
 * The wait before attempt `attempt + 1`.
 *
 * @since 0.2.0
 * @category Policy
 */
export const retryDelay = flowModel.retryDelay

/**
 * The ready-made call flow. Its execution id derives from `id` (the idempotency key): executing
 * twice with the same `id` runs one flow and places no new calls.
 *
 * @since 0.2.0
 * @category Workflows
 */
export const workflow = Workflow.make({
  name: "@effect-sinch/workflow/CallFlow",
  payload: { id: Schema.String, request: CallRequest, policy: Schema.optional(RetryPolicy) },
  success: CallReport,
  error: WorkflowError.JournalError,
  idempotencyKey: (payload) => payload.id
})

/**
 * The body of `workflow`, for a workflow of your own with the same shape.
 *
 * @since 0.2.0
 * @category Workflows
 */
export const run = (payload: {
  readonly request: CallRequest
  readonly policy?: RetryPolicy | undefined
}): Effect.Effect<
  CallReport,
  WorkflowError.JournalError,
  | WorkflowEngine.WorkflowEngine
  | WorkflowEngine.WorkflowInstance
  | CallJournal.CallJournal
  | Callouts.Callouts
  | Settings
> =>
  Effect.gen(function*() {
    const policy = payload.policy ?? {}
    const attempts: Array<CallOutcome.Outcome> = []
    for (let attempt = 1;; attempt++) {
      const outcome = yield* call({ attempt, request: payload.request })
      attempts.push(outcome)
      const next = decide(payload.request, policy, outcome, attempt)
      if (next._tag === "Stop") return new flowModel.CallReport({ conclusion: next.conclusion, outcome, attempts })
      yield* DurableClock.sleep({
        name: `CallFlow/retry/${attempt}`,
        duration: retryDelay(policy, attempt),
        // stored, never in memory: the wait survives a restart
        inMemoryThreshold: Duration.millis(1)
      })
    }
  })

/**
 * Registers `workflow` with the engine.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer: Layer.Layer<
  never,
  never,
  WorkflowEngine.WorkflowEngine | CallJournal.CallJournal | Callouts.Callouts | Settings
> = workflow.toLayer((payload) => run(payload))
