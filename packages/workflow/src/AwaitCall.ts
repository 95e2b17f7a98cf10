/**
 * Awaiting a call's outcome in process, without a workflow engine: for simple apps and tests.
 * `placeAndAwait` journals the attempt, places the custom callout (inline ICE `connectPstn` with
 * answering machine detection, `custom` = the correlation) and waits for its DiCE, which
 * `OutcomeWebhooks` hands to the waiter registered here (`Waiters`).
 *
 * ```ts
 * const outcome = yield* AwaitCall.placeAndAwait({
 *   destination: "+46700000001",
 *   message: "Your table is ready.",
 *   machine: CallAnswer.leaveVoicemail("Your table is ready, please come to the front desk.")
 * })
 * // outcome.disposition: "human" | "machine" | "no-answer" | "busy" | "failed" | "unknown"
 *
 * const Live = Layer.mergeAll(AwaitCall.layer, CallJournal.layerMemory, CallFlow.layerSettings({ callbackUrl }))
 * // the app's Webhooks: OutcomeWebhooks.layer(appHandlers), served at callbackUrl, with the same layers
 * ```
 *
 * Nothing here survives the process: a crash loses the wait (the journal, if it is SQL, still gets
 * the DiCE). The wait ends at the deadline (dial timeout + max duration + margin) as `unknown`,
 * unless the journal recorded an outcome by then. Use `CallFlow` for calls that must survive.
 *
 * @since 0.2.0
 */
import type * as Callouts from "@effect-sinch/voice/Callouts"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as CallFlow from "./CallFlow.js"
import type * as CallJournal from "./CallJournal.js"
import * as CallOutcome from "./CallOutcome.js"
import * as internalPlacement from "./internal/placement.js"
import type * as WorkflowError from "./WorkflowError.js"

/**
 * The in-process waiters for outcomes, by attempt key.
 *
 * @since 0.2.0
 * @category Models
 */
export interface WaitersService {
  /** A waiter for `key` (the same one when called twice). */
  readonly register: (key: string) => Effect.Effect<Deferred.Deferred<CallOutcome.Outcome>>
  /** Completes the waiter of `key`, if there is one (the first outcome wins). */
  readonly complete: (key: string, outcome: CallOutcome.Outcome) => Effect.Effect<void>
  readonly unregister: (key: string) => Effect.Effect<void>
}

/**
 * @since 0.2.0
 * @category Context
 */
export class Waiters extends Context.Tag("@effect-sinch/workflow/AwaitCall/Waiters")<Waiters, WaitersService>() {}

/**
 * @since 0.2.0
 * @category Constructors
 */
export const makeWaiters: Effect.Effect<WaitersService> = Effect.sync(() => {
  const waiters = new Map<string, Deferred.Deferred<CallOutcome.Outcome>>()
  return {
    register: (key) =>
      Effect.suspend(() => {
        const existing = waiters.get(key)
        if (existing !== undefined) return Effect.succeed(existing)
        return Effect.tap(Deferred.make<CallOutcome.Outcome>(), (deferred) =>
          Effect.sync(() => waiters.set(key, deferred)))
      }),
    complete: (key, outcome) =>
      Effect.suspend(() => {
        const waiter = waiters.get(key)
        return waiter === undefined ? Effect.void : Effect.asVoid(Deferred.succeed(waiter, outcome))
      }),
    unregister: (key) => Effect.sync(() => void waiters.delete(key))
  }
})

/**
 * The waiters `OutcomeWebhooks` completes in process.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer: Layer.Layer<Waiters> = Layer.effect(Waiters, makeWaiters)

const randomKey = Effect.map(
  Effect.all([Random.nextIntBetween(0, 2 ** 31), Random.nextIntBetween(0, 2 ** 31)]),
  ([high, low]) => `p/${high.toString(36)}${low.toString(36)}`
)

/**
 * Places a call and waits for its outcome (see the module docs). `key` defaults to a random one.
 *
 * @since 0.2.0
 * @category Operations
 */
export const placeAndAwait = (
  request: CallFlow.CallRequest,
  options: { readonly key?: string | undefined } = {}
): Effect.Effect<
  CallOutcome.Outcome,
  WorkflowError.JournalError,
  Waiters | CallJournal.CallJournal | Callouts.Callouts | CallFlow.Settings
> =>
  Effect.gen(function*() {
    const key = options.key ?? (yield* randomKey)
    const waiters = yield* Waiters
    const settings = yield* CallFlow.Settings
    const waiter = yield* waiters.register(key)
    return yield* Effect.gen(function*() {
      const placement = yield* internalPlacement.place(key, request, settings, undefined)
      if (placement._tag === "Refused") return CallOutcome.refused(key, placement.refusal)
      const deadline = Duration.millis(
        internalPlacement.deadlineMillis(request, Duration.toMillis(settings.deadlineMargin))
      )
      const outcome = yield* Effect.timeoutOption(Deferred.await(waiter), deadline)
      return Option.isSome(outcome)
        ? outcome.value
        : yield* internalPlacement.settle(key, "no DiCE before the attempt's deadline")
    }).pipe(Effect.ensuring(waiters.unregister(key)))
  })
