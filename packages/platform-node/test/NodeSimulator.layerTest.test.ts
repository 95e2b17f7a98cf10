import { NodeSimulator } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Svaml from "@effect-sinch/svaml/Svaml"
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as Events from "@effect-sinch/voice/Events"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"

// A service the handlers need, provided by the test: the layer leaves the handlers' requirements open.
class Hangups extends Context.Tag("test/Hangups")<Hangups, Ref.Ref<Array<string>>>() {}

const greeter = NodeSimulator.layerTest({
  ice: (event) => Svaml.ice(Instructions.say(`Welcome ${event.cli ?? ""}`), Actions.hangup()),
  dice: (event) => Effect.flatMap(Hangups, (hangups) => Ref.update(hangups, (all) => [...all, event.callid]))
})
const HangupsLive = Layer.effect(Hangups, Ref.make<Array<string>>([]))

describe("NodeSimulator.layerTest", () => {
  it.effect("runs an incoming call through the handlers, signed and verified, on the TestClock", () =>
    Effect.gen(function*() {
      const callId = yield* Simulator.incomingCall({ from: "+46700000001", to: "+46700000000" })
      const end = yield* Effect.fork(Simulator.awaitEnd(callId))
      yield* TestClock.adjust("1 minute")
      const transcript = yield* Fiber.join(end)

      expect(Transcript.said(transcript)).toEqual(["Welcome +46700000001"])
      expect(Transcript.events(transcript)).toEqual(["ice", "dice"])
      expect(transcript).toMatchObject({ status: "final", reason: "MANAGERHANGUP" })
      expect(yield* Ref.get(yield* Hangups)).toEqual([callId])
    }).pipe(Effect.provide(greeter.pipe(Layer.provideMerge(HangupsLive)))))

  it.effect("answers the Voice API in-process: a callout rings the scripted callee and Calls.get agrees", () =>
    Effect.gen(function*() {
      yield* Simulator.script("+46700000002", Script.answersAfter("2 seconds"), Script.hangsUpAfter("30 seconds"))
      const { callId } = yield* (yield* Callouts.Callouts).conference({
        destination: { type: "number", endpoint: "+46700000002" },
        conferenceId: "standup"
      })
      const end = yield* Effect.fork(Simulator.awaitEnd(callId))
      yield* TestClock.adjust("1 minute")
      const transcript = yield* Fiber.join(end)
      const call = yield* (yield* Calls.Calls).get(callId)

      expect(transcript).toMatchObject({ result: "ANSWERED", reason: "CALLEEHANGUP", duration: 30 })
      expect(call).toMatchObject({ status: "FINAL", result: "ANSWERED", duration: 30 })
    }).pipe(Effect.provide(NodeSimulator.layerTest({}))))

  it.effect("provides the Webhooks: Webhooks.dispatch runs a handler for a decoded event, without HTTP", () =>
    Effect.gen(function*() {
      const reply = yield* Webhooks.dispatch(new Events.IceEvent({ event: "ice", callid: "c-1", cli: "+46700000003" }))
      expect(reply).toMatchObject({ event: "ice", callid: "c-1", outcome: "handled" })
      expect(reply.event === "ice" ? JSON.parse(reply.json) : undefined).toEqual({
        instructions: [{ name: "say", text: "Welcome +46700000003" }],
        action: { name: "hangup" }
      })
    }).pipe(Effect.provide(greeter.pipe(Layer.provideMerge(HangupsLive)))))

  it.effect("signs events with the given key, and assigns the given numbers to it", () =>
    Effect.gen(function*() {
      const keys = yield* Ref.make<Array<string | undefined>>([])
      const layer = NodeSimulator.layerTest({
        ice: (event) =>
          Effect.zipRight(
            Ref.update(keys, (all) => [...all, event.applicationKey]),
            Svaml.ice(Instructions.say("Goodbye"), Actions.hangup())
          )
      }, {
        applicationKey: "my-app",
        applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA=="),
        numbers: ["+46700000000"]
      })
      const transcript = yield* Effect.gen(function*() {
        const callId = yield* Simulator.incomingCall({ from: "+46700000001", to: "+46700000000" })
        const end = yield* Effect.fork(Simulator.awaitEnd(callId))
        yield* TestClock.adjust("1 minute")
        return yield* Fiber.join(end)
      }).pipe(Effect.provide(layer))
      expect(yield* Ref.get(keys)).toEqual(["my-app"])
      expect(Transcript.said(transcript)).toEqual(["Goodbye"])
    }))

  it.effect("fails to build with a typed error for a secret that is not base64", () =>
    Effect.gen(function*() {
      const error = yield* Layer.build(NodeSimulator.layerTest({}, { applicationSecret: Redacted.make("not base64!") }))
        .pipe(Effect.scoped, Effect.flip)
      // the verifier is built first: its InvalidCredentials names the key, never the secret
      expect(error).toMatchObject({
        _tag: "InvalidCredentials",
        applicationKey: "00000000-0000-4000-8000-000000000000"
      })
      expect(String(error)).not.toContain("not base64!")
    }))
})

// The shared form: one simulator (and TestClock) for every test of the block; calls and scripts carry over.
it.layer(NodeSimulator.layerTest({ ice: () => Svaml.ice(Actions.hangup()) }))(
  "NodeSimulator.layerTest with it.layer",
  (it) => {
    it.effect("a caller is hung up on", () =>
      Effect.gen(function*() {
        const callId = yield* Simulator.incomingCall({ from: "+46700000001", to: "+46700000000" })
        const end = yield* Effect.fork(Simulator.awaitEnd(callId))
        yield* TestClock.adjust("10 seconds")
        expect(yield* Fiber.join(end)).toMatchObject({ status: "final", reason: "MANAGERHANGUP" })
      }))
  }
)
