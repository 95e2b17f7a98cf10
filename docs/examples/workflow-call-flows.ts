/**
 * Examples for `@effect-sinch/workflow`: awaiting a call's outcome in process, and a durable call
 * flow with retries. Type-checked by `pnpm check` and run by
 * `packages/workflow/test/examples.test.ts` on the simulator under `TestClock`.
 *
 * In production the same layers run with the real `SinchVoice` client, a SQL journal
 * (`CallJournal.layerSql()`) and a durable engine (`ClusterWorkflowEngine`, see platform-node);
 * `OutcomeWebhooks` is served at the callback URL.
 */
import { NodeCrypto } from "@effect-sinch/platform-node"
import { Simulator, SimulatorScript as Script, WebhookVerifier } from "@effect-sinch/voice"
import { AwaitCall, CallAnswer, CallFlow, CallJournal, OutcomeWebhooks } from "@effect-sinch/workflow"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
const callbackUrl = "https://app.example.com/sinch/callback"

// The simulator delivers every callback to the app's webhooks: `OutcomeWebhooks` (with the app's
// own handlers, none here), built with `shared` in its context — the journal, and the in-process
// waiters or the workflow engine — which the program uses too.
const simulatorWith = <ROut, E>(shared: Layer.Layer<ROut, E>) =>
  Simulator.layer({ applicationKey, applicationSecret, deliver: Simulator.toWebhooks() }).pipe(
    Layer.provideMerge(
      OutcomeWebhooks.layer().pipe(
        Layer.provideMerge(WebhookVerifier.layer({ credentials: [{ applicationKey, applicationSecret }] }))
      )
    ),
    Layer.provideMerge(NodeCrypto.layer),
    Layer.provideMerge(shared)
  )

// 1. In process: call, and get the outcome when the call ends. An answering machine picks up, so
// the voicemail is left.
export const awaitOutcome = Effect.gen(function*() {
  yield* Simulator.script("+46700000001", Script.answeringMachine)
  const wait = yield* Effect.fork(AwaitCall.placeAndAwait({
    destination: "+46700000001",
    message: "Hello, your table is ready.",
    machine: CallAnswer.leaveVoicemail("Hello, your table is ready: please come to the front desk.")
  }))
  yield* TestClock.adjust("5 minutes")
  const outcome = yield* Fiber.join(wait)
  const transcript = yield* Simulator.transcript(outcome.callId ?? "")
  return { outcome, transcript }
}).pipe(Effect.provide(simulatorWith(Layer.mergeAll(
  CallJournal.layerMemory,
  AwaitCall.layer,
  CallFlow.layerSettings({ callbackUrl })
))))

// 2. Durable: the line is busy, the flow sleeps 10 minutes (a stored timer) and calls again.
export const durableReminder = Effect.gen(function*() {
  yield* Simulator.script("+46700000001", Script.busy)
  const flow = yield* Effect.fork(CallFlow.workflow.execute({
    id: "reminder-42", // the idempotency key: executing it again starts nothing new
    request: { destination: "+46700000001", message: "Your appointment is tomorrow at ten." },
    policy: { maxAttempts: 3, retryDelaySeconds: 600 }
  }))
  yield* TestClock.adjust("1 minute")
  yield* Simulator.script("+46700000001", Script.answers)
  for (let minute = 0; minute < 15; minute++) yield* TestClock.adjust("1 minute")
  return yield* Fiber.join(flow)
}).pipe(Effect.provide(CallFlow.layer.pipe(Layer.provideMerge(simulatorWith(Layer.mergeAll(
  WorkflowEngine.layerMemory,
  CallJournal.layerMemory,
  CallFlow.layerSettings({ callbackUrl })
))))))
