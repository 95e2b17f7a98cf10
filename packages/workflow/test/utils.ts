import * as Crypto from "@effect-sinch/voice/Crypto"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as DurableDeferred from "@effect/workflow/DurableDeferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestServices from "effect/TestServices"
import * as NodeCrypto from "node:crypto"
import * as AwaitCall from "../src/AwaitCall.js"
import * as CallAnswer from "../src/CallAnswer.js"
import * as CallFlow from "../src/CallFlow.js"
import * as CallJournal from "../src/CallJournal.js"
import * as Correlation from "../src/Correlation.js"
import * as OutcomeWebhooks from "../src/OutcomeWebhooks.js"

export const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
export const applicationSecret = Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
export const callbackUrl = "https://app.example.com/sinch/callback"

/** `Crypto` on node:crypto (the package itself has no `node:` imports). */
export const TestCrypto = Crypto.layer({
  md5: (data) => NodeCrypto.createHash("md5").update(data).digest(),
  hmacSha256: (key, data) => NodeCrypto.createHmac("sha256", key).update(data).digest()
})

/** The app's webhooks: `OutcomeWebhooks` on its own verifier. */
export const AppWebhooks = OutcomeWebhooks.layer().pipe(
  Layer.provideMerge(WebhookVerifier.layer({ credentials: [{ applicationKey, applicationSecret }] }))
)

/**
 * The simulator delivering in-process to `OutcomeWebhooks`, on top of `base` (journal, settings,
 * waiters or engine), which the webhooks and the test share.
 */
export const simulatorOn = <ROut, E, RIn>(base: Layer.Layer<ROut, E, RIn>) =>
  Simulator.layer({ applicationKey, applicationSecret, deliver: Simulator.toWebhooks() }).pipe(
    Layer.provideMerge(AppWebhooks),
    Layer.provideMerge(TestCrypto),
    Layer.provideMerge(base)
  )

/** Settings, an in-memory journal and the in-process waiters. */
export const InProcessBase = Layer.mergeAll(
  CallJournal.layerMemory,
  AwaitCall.layer,
  CallFlow.layerSettings({ callbackUrl })
)

/**
 * What a process killed after `CallJournal.intend` and before Sinch's answer leaves behind: the
 * first attempt's row, with its deferred token, and no call id. Returns the attempt key.
 */
export const seedIntent = (payload: typeof CallFlow.workflow.payloadSchema.Type) =>
  Effect.gen(function*() {
    const executionId = yield* CallFlow.workflow.executionId(payload)
    const key = Correlation.workflowKey(executionId, 1)
    const token = DurableDeferred.tokenFromExecutionId(CallFlow.outcomeDeferred(1), {
      workflow: CallFlow.workflow,
      executionId
    })
    const journal = yield* CallJournal.CallJournal
    yield* journal.intend(key, {
      destination: payload.request.destination,
      answer: { message: payload.request.message, machine: payload.request.machine ?? CallAnswer.hangUp },
      deferredToken: token
    })
    return key
  })

/**
 * Waits until `check` gives a value (at most `within` of real time, 5 s by default):
 * `TestClock.adjust` returns once the due sleepers are woken, and the work they start (engine,
 * simulator, webhooks) may still be running — under load, a check right after it races that work.
 */
export const eventually = <A, E, R>(
  check: Effect.Effect<Option.Option<A>, E, R>,
  within: Duration.DurationInput = "5 seconds"
) =>
  Effect.gen(function*() {
    const attempts = Math.max(1, Math.ceil(Duration.toMillis(within) / 10))
    for (let attempt = 0; attempt < attempts; attempt++) {
      const value = yield* check
      if (Option.isSome(value)) return value
      yield* TestServices.provideLive(Effect.sleep("10 millis"))
    }
    return yield* check
  })
