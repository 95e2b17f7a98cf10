/**
 * The simulator examples of docs/testing.md ("The simulator"), type-checked by `pnpm check` and run
 * by `packages/voice/test/simulator/examples.test.ts` under `TestClock`.
 *
 * Each scenario is written as a test would be: provide the simulator (with the application's
 * webhooks), start the flow, fork the wait for its end, move the clock, and read the transcript.
 */
import { NodeCrypto, NodeSimulator } from "@effect-sinch/platform-node"
import { Actions, Instructions, Menus, Prompts, Svaml, type SvamlError } from "@effect-sinch/svaml"
import {
  Callouts,
  Calls,
  Conferences,
  Simulator,
  SimulatorScript as Script,
  Webhooks,
  WebhookVerifier
} from "@effect-sinch/voice"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")

// One layer: the simulator and the four services, sending the application's own webhooks every
// event, signed with a test key and a fresh secret and verified by their own WebhookVerifier,
// exactly as in production.
const simulatorFor = <R = never>(handlers: Webhooks.Handlers<SvamlError.InvalidSvaml, R>) =>
  NodeSimulator.layerTest(handlers)

// What it is made of, on a runtime other than Node (bring your own `Crypto` layer):
export const simulatorByHand = <R = never>(handlers: Webhooks.Handlers<SvamlError.InvalidSvaml, R>) =>
  Simulator.layer({ applicationKey, applicationSecret, deliver: Simulator.toWebhooks() }).pipe(
    Layer.provideMerge(Webhooks.layer(handlers)),
    Layer.provideMerge(WebhookVerifier.layer({ credentials: [{ applicationKey, applicationSecret }] })),
    Layer.provideMerge(NodeCrypto.layer)
  )

// 1. A TTS reminder: the patient answers after 3 seconds, ACE is answered with an extra sentence and
// `continue` (Sinch then speaks the callout's text), and DiCE reports the end.
export const ttsReminder = Effect.gen(function*() {
  yield* Simulator.script("+46700000001", Script.answersAfter("3 seconds"))
  const callouts = yield* Callouts.Callouts
  const { callId } = yield* callouts.tts({
    cli: "+46700000000",
    destination: { type: "number", endpoint: "+46700000001" },
    text: "Your appointment is tomorrow at ten.",
    enableAce: true,
    enableDice: true
  })
  const end = yield* Effect.fork(Simulator.awaitEnd(callId))
  yield* TestClock.adjust("1 minute")
  const transcript = yield* Fiber.join(end)
  const call = yield* (yield* Calls.Calls).get(callId)
  return { transcript, call }
}).pipe(Effect.provide(simulatorFor({
  ace: () => Svaml.ace(Instructions.say("Hello, this is Acme Dental."), Actions.continueCall())
})))

// 2. An IVR: a menu, then (after the PIE) a submenu, then a conference. The caller presses 2, then 1,
// and hangs up after three minutes.
export const ivr = Effect.gen(function*() {
  const callId = yield* Simulator.incomingCall({
    from: "+46701111111",
    to: "+46700000000",
    caller: [Script.presses("2", "1"), Script.hangsUpAfter("3 minutes")]
  })
  const end = yield* Effect.fork(Simulator.awaitEnd(callId))
  yield* TestClock.adjust("1 minute")
  const queue = yield* (yield* Conferences.Conferences).get("billing-queue")
  yield* TestClock.adjust("5 minutes")
  return { transcript: yield* Fiber.join(end), queue }
}).pipe(Effect.provide(simulatorFor({
  ice: () =>
    Svaml.ice(
      Instructions.say("Welcome to Acme."),
      Actions.runMenu([
        Menus.main({
          mainPrompt: Prompts.tts("Press 1 for sales, 2 for support."),
          options: [Menus.option("1", Menus.returns("sales")), Menus.option("2", Menus.returns("support"))]
        })
      ])
    ),
  pie: (event) =>
    event.menuResult.value === "support"
      ? Svaml.pie(Actions.runMenu([
        Menus.make("support", {
          mainPrompt: Prompts.tts("Press 1 for billing, 2 for anything else."),
          options: [Menus.option("1", Menus.returns("billing")), Menus.option("2", Menus.returns("other"))]
        })
      ]))
      : event.menuResult.value === "billing"
      ? Svaml.pie(Instructions.say("Connecting you to billing."), Actions.connectConf("billing-queue"))
      : Svaml.pie(Actions.hangup())
})))

// 3. A conference run by a moderator: three participants are called in; the moderator mutes one and
// kicks another through `Conferences`, then ends the conference.
export const moderatedConference = Effect.gen(function*() {
  const callouts = yield* Callouts.Callouts
  const conferences = yield* Conferences.Conferences
  const participants = ["+46700000011", "+46700000012", "+46700000013"]
  const callIds: Array<string> = []
  for (const endpoint of participants) {
    const { callId } = yield* callouts.conference({
      destination: { type: "number", endpoint },
      conferenceId: "standup",
      enableDice: true
    })
    callIds.push(callId)
  }
  const ends = yield* Effect.forEach(callIds, (callId) => Effect.fork(Simulator.awaitEnd(callId)))
  yield* TestClock.adjust("10 seconds")
  const before = yield* conferences.get("standup")
  yield* conferences.mute("standup", callIds[1]!)
  yield* conferences.kickParticipant("standup", callIds[2]!)
  yield* TestClock.adjust("5 minutes")
  const after = yield* conferences.get("standup")
  yield* conferences.kickAll("standup")
  const transcripts = yield* Effect.forEach(ends, Fiber.join)
  return { before, after, transcripts }
}).pipe(Effect.provide(simulatorFor({})))

// 4. A parked call: the caller waits with music until an agent is free; the application resumes the
// call with `Calls.update`, and the caller hangs up later.
export const parkedCall = Effect.gen(function*() {
  const callId = yield* Simulator.incomingCall({
    from: "+46702222222",
    to: "+46700000000",
    caller: [Script.hangsUpAfter("4 minutes")]
  })
  const end = yield* Effect.fork(Simulator.awaitEnd(callId))
  yield* TestClock.adjust("2 minutes")
  yield* (yield* Calls.Calls).update(callId, {
    instructions: [Instructions.say("Thank you for waiting, an agent is ready.")],
    action: Actions.continueCall()
  })
  yield* TestClock.adjust("5 minutes")
  return yield* Fiber.join(end)
}).pipe(Effect.provide(simulatorFor({
  ice: () =>
    Svaml.ice(
      Actions.park({
        introPrompt: Prompts.tts("All our agents are busy."),
        holdPrompt: "music1",
        maxDuration: 600
      })
    )
})))

// 5. A callee who never answers: the callout ends with NOANSWER once the ring timeout runs out.
export const neverAnswers = Effect.gen(function*() {
  yield* Simulator.script("+46700000099", Script.neverAnswers)
  const { callId } = yield* (yield* Callouts.Callouts).tts({
    destination: { type: "number", endpoint: "+46700000099" },
    text: "You will never hear this.",
    enableDice: true
  })
  const end = yield* Effect.fork(Simulator.awaitEnd(callId))
  yield* TestClock.adjust("2 minutes")
  return yield* Fiber.join(end)
}).pipe(Effect.provide(simulatorFor({})))
