/**
 * The webhook handlers that close the loop of a placed call: they find the attempt by the
 * correlation in the callback's `custom` (`Correlation`), record what happened in the
 * `CallJournal`, answer the ACE per the attempt's plan (the message for a person; hang up, leave
 * the voicemail or play the message for a machine) and complete the attempt's outcome — through
 * the `WorkflowEngine` (the attempt's `DurableDeferred` token is in the journal) for `CallFlow`,
 * and through the in-process `AwaitCall.Waiters` for `AwaitCall`.
 *
 * Callbacks without our correlation go to the app's own handlers, so one `Webhooks` serves both:
 *
 * ```ts
 * const WebhooksLive = OutcomeWebhooks.layer({
 *   ice: (event) => Svaml.ice(Instructions.say("Hello"), Actions.hangup()) // the app's own
 * })
 * ```
 *
 * Only signature-verified callbacks reach these handlers (`Webhooks` verifies): that is what keeps
 * a guessable correlation or deferred token from being completed by anyone else.
 *
 * | event | with our correlation | otherwise |
 * |---|---|---|
 * | ACE | journal `answered` (call id, AMD); answer per the plan | the app's `ace` (default: continue) |
 * | DiCE | journal `ended` (reconciles an attempt whose callout answer was lost); complete the outcome — `unknown` for an answered call whose ACE no instance handled | the app's `dice` |
 * | Notify `amd` | journal `answered` (asynchronous AMD) | the app's `notify` |
 *
 * Wiring: the handlers use the `CallJournal` (required) and, when present, the `WorkflowEngine`
 * and `AwaitCall.Waiters` of the context the `Webhooks` layer is built in — build it with them
 * provided (`OutcomeWebhooks.layer(app).pipe(Layer.provideMerge(shared))`). A webhook-only
 * process needs the same journal database and an engine that can send (a cluster `clientOnly`
 * engine). Without an engine the outcome stays in the journal and the workflow's deadline
 * settles the attempt from it: late, not lost.
 *
 * Failure model: the DiCE's outcome is written to the journal before anything else, then handed
 * to the engine. A crash in between, or an engine that cannot take it (no runner up, the engine's
 * storage failing), leaves the outcome in the journal: the flow takes it from there as soon as it
 * runs again (a restart, a failover, the next message) and at the latest at its deadline. If the
 * journal write fails (after a few quick tries) the outcome still goes to the engine, which stores
 * it, and the handler fails: an error is logged with the attempt key, call id and disposition, and
 * `Webhooks` answers its usual empty 200 (Sinch does not retry a DiCE; only a configured fallback
 * URL would get a second delivery on a 5xx). A DiCE that reaches no instance at all ends the
 * attempt as `unknown` at its deadline.
 *
 * @since 0.2.0
 */
import * as Actions from "@effect-sinch/svaml/Actions"
import type * as Documents from "@effect-sinch/svaml/Documents"
import type * as Events from "@effect-sinch/voice/Events"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import type * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as DurableDeferred from "@effect/workflow/DurableDeferred"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as AwaitCall from "./AwaitCall.js"
import * as CallAnswer from "./CallAnswer.js"
import * as CallFlow from "./CallFlow.js"
import * as CallJournal from "./CallJournal.js"
import * as CallOutcome from "./CallOutcome.js"
import * as Correlation from "./Correlation.js"
import type * as WorkflowError from "./WorkflowError.js"

// the schema of every outcome deferred; the token names the actual one
const anyOutcomeDeferred = CallFlow.outcomeDeferred(0)

/**
 * Hands an attempt's outcome to whoever waits for it: the workflow (through the engine in context,
 * if the attempt has a deferred token) and the in-process waiter (if `AwaitCall.Waiters` is in
 * context and one waits).
 *
 * @since 0.2.0
 * @category Operations
 */
export const complete = (attempt: CallJournal.Attempt, outcome: CallOutcome.Outcome): Effect.Effect<void> =>
  Effect.gen(function*() {
    const waiters = yield* Effect.serviceOption(AwaitCall.Waiters)
    if (Option.isSome(waiters)) yield* waiters.value.complete(attempt.key, outcome)
    if (attempt.deferredToken === undefined) return
    const engine = yield* Effect.serviceOption(WorkflowEngine.WorkflowEngine)
    if (Option.isNone(engine)) {
      return yield* Effect.logWarning("no WorkflowEngine in context: the outcome stays in the journal", {
        attemptKey: attempt.key
      })
    }
    yield* DurableDeferred.succeed(anyOutcomeDeferred, {
      token: DurableDeferred.Token.make(attempt.deferredToken),
      value: outcome
    }).pipe(
      Effect.provideService(WorkflowEngine.WorkflowEngine, engine.value),
      Effect.catchAllDefect((defect) =>
        Effect.logError("completing the outcome deferred failed", { attemptKey: attempt.key, defect })
      )
    )
  })

const hangup: Documents.AceResponse = { action: Actions.hangup() }

const onAce = (key: string, event: Events.AceEvent) =>
  Effect.gen(function*() {
    const journal = yield* CallJournal.CallJournal
    const row = yield* journal.get(key)
    if (Option.isNone(row)) {
      yield* Effect.logWarning("ACE for an attempt the journal does not know: hanging up", { attemptKey: key })
      return hangup
    }
    const amd = CallOutcome.amdFromEvent(event.amd)
    yield* journal.answered(key, event.callid, amd).pipe(
      Effect.catchAll((error) => Effect.logError("journal: recording the ACE failed", { attemptKey: key, error }))
    )
    return CallAnswer.toAce(row.value.answer, amd?.status.toLowerCase() === "machine" ? "machine" : "human")
  })

const onDice = (key: string, event: Events.DiceEvent) =>
  Effect.gen(function*() {
    const journal = yield* CallJournal.CallJournal
    const row = yield* journal.get(key)
    if (Option.isNone(row)) {
      return yield* Effect.logWarning("DiCE for an attempt the journal does not know", { attemptKey: key })
    }
    const outcome = withoutAce(row.value, CallOutcome.fromDice(key, event, row.value.amd))
    // the journal first: an outcome recorded there is never lost, even if the engine cannot take it now
    const written = yield* Effect.either(Effect.retry(journal.ended(key, outcome), journalRetry))
    if (written._tag === "Left") {
      // not recorded: the engine (which stores the completion itself) is the outcome's only keeper now
      yield* Effect.logError("journal: recording the DiCE failed; the outcome goes to the engine only", {
        attemptKey: key,
        callId: event.callid,
        disposition: outcome.disposition,
        result: outcome.result,
        error: written.left
      })
      yield* complete(row.value, outcome)
      return yield* written.left
    }
    // the first recorded outcome is the attempt's, also for a duplicated DiCE
    const stored = yield* journal.get(key)
    const recorded = Option.isSome(stored) && stored.value.outcome !== undefined ? stored.value.outcome : outcome
    yield* complete(row.value, recorded)
  })

/**
 * An answered call whose ACE no instance handled (e.g. it went to a runner that died while the
 * call rang) heard nothing of its message, and its AMD verdict is lost: "reached" would be a lie,
 * so it is `unknown` (not retried: the callee did pick up).
 */
const withoutAce = (attempt: CallJournal.Attempt, outcome: CallOutcome.Outcome): CallOutcome.Outcome =>
  outcome.disposition === "human" && attempt.status !== "answered" && attempt.amd === undefined
    ? new CallOutcome.Outcome({
      ...outcome,
      disposition: "unknown",
      note: "answered, but no ACE of the call was handled: whether the message was played is not known"
    })
    : outcome

// a blip of the database: a few quick tries within the webhook's deadline
const journalRetry = Schedule.intersect(Schedule.exponential(Duration.millis(50)), Schedule.recurs(3))

const onNotify = (key: string, event: Events.NotifyEvent) =>
  event.type === "amd" && event.amd !== undefined
    ? Effect.flatMap(
      CallJournal.CallJournal,
      (journal) => journal.answered(key, event.callid, CallOutcome.amdFromEvent(event.amd))
    )
    : Effect.void

/**
 * The handlers for ACE, DiCE and Notify of our calls, with the app's handlers for everything else
 * (ICE and PIE are the app's).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const handlers = <E = never, R = never>(
  app: Webhooks.Handlers<E, R> = {}
): Webhooks.Handlers<E | WorkflowError.JournalError, R | CallJournal.CallJournal> => ({
  ...app,
  ace: (event, context) => {
    const key = Correlation.decode(event.custom)
    if (Option.isSome(key)) return onAce(key.value, event)
    return app.ace === undefined ? Effect.succeed(Webhooks.defaults.ace) : app.ace(event, context)
  },
  dice: (event, context) => {
    const key = Correlation.decode(event.custom)
    if (Option.isSome(key)) return onDice(key.value, event)
    return app.dice === undefined ? Effect.void : app.dice(event, context)
  },
  notify: (event, context) => {
    const key = Correlation.decode(event.custom)
    if (Option.isSome(key)) return onNotify(key.value, event)
    return app.notify === undefined ? Effect.void : app.notify(event, context)
  }
})

/**
 * `Webhooks.layer(handlers(app), options)`.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer = <E = never, R = never>(
  app: Webhooks.Handlers<E, R> = {},
  options?: Webhooks.Options
): Layer.Layer<
  Webhooks.Webhooks,
  VoiceError.InvalidConfiguration,
  R | CallJournal.CallJournal | WebhookVerifier.WebhookVerifier
> => Webhooks.layer(handlers(app), options)
