import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Events from "@effect-sinch/voice/Events"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as AwaitCall from "../src/AwaitCall.js"
import * as CallAnswer from "../src/CallAnswer.js"
import * as CallJournal from "../src/CallJournal.js"
import * as Correlation from "../src/Correlation.js"
import * as OutcomeWebhooks from "../src/OutcomeWebhooks.js"
import { applicationKey, applicationSecret, TestCrypto } from "./utils.js"

const seen = Effect.runSync(Ref.make<ReadonlyArray<string>>([]))

const appHandlers: Webhooks.Handlers = {
  ace: () => Effect.succeed({ instructions: [Instructions.say("the app's own")], action: Actions.continueCall() }),
  dice: (event) => Ref.update(seen, (list) => [...list, `dice ${event.callid}`]),
  notify: (event) => Ref.update(seen, (list) => [...list, `notify ${event.type}`])
}

const TestLive = () =>
  OutcomeWebhooks.layer(appHandlers).pipe(
    Layer.provideMerge(WebhookVerifier.layer({ credentials: [{ applicationKey, applicationSecret }] })),
    Layer.provideMerge(Layer.mergeAll(CallJournal.layerMemory, AwaitCall.layer, TestCrypto))
  )

const plan: CallAnswer.Plan = { message: "For a person", machine: CallAnswer.leaveVoicemail("For a machine") }

const intend = (key: string) =>
  Effect.flatMap(
    CallJournal.CallJournal,
    (journal) => journal.intend(key, { destination: "+46700000001", answer: plan })
  )

const aceJson = (event: Events.AceEvent) =>
  Effect.map(Webhooks.dispatch(event), (reply) => "json" in reply ? JSON.parse(reply.json) : undefined)

describe("OutcomeWebhooks.handlers", () => {
  it.effect("events without our correlation go to the app's handlers", () =>
    Effect.gen(function*() {
      yield* Ref.set(seen, [])
      const ace = yield* aceJson(new Events.AceEvent({ callid: "c1", custom: "app data" }))
      expect(ace.instructions).toEqual([{ name: "say", text: "the app's own" }])
      yield* Webhooks.dispatch(new Events.DiceEvent({ callid: "c1", result: "ANSWERED" }))
      yield* Webhooks.dispatch(new Events.NotifyEvent({ callid: "c1", type: "recording_finished" }))
      expect(yield* Ref.get(seen)).toEqual(["dice c1", "notify recording_finished"])
    }).pipe(Effect.provide(TestLive())))

  it.effect("ACE: the message to a person, the voicemail to a machine, a hangup for an unknown attempt", () =>
    Effect.gen(function*() {
      yield* intend("k/1")
      yield* intend("k/2")
      const human = yield* aceJson(
        new Events.AceEvent({
          callid: "c1",
          custom: Correlation.encode("k/1"),
          amd: new Events.AnsweringMachineDetection({ status: "human" })
        })
      )
      expect(human).toEqual({ instructions: [{ name: "say", text: "For a person" }], action: { name: "hangup" } })
      const machine = yield* aceJson(
        new Events.AceEvent({
          callid: "c2",
          custom: Correlation.encode("k/2"),
          amd: new Events.AnsweringMachineDetection({ status: "machine" })
        })
      )
      expect(machine.instructions).toEqual([{ name: "say", text: "For a machine" }])
      const unknown = yield* aceJson(new Events.AceEvent({ callid: "c3", custom: Correlation.encode("k/9") }))
      expect(unknown).toEqual({ action: { name: "hangup" } })
      const row = Option.getOrThrow(yield* (yield* CallJournal.CallJournal).get("k/2"))
      expect(row).toMatchObject({ status: "answered", callId: "c2" })
      expect(row.amd?.status).toBe("machine")
    }).pipe(Effect.provide(TestLive())))

  it.effect("Notify amd records the verdict; the DiCE then reports machine", () =>
    Effect.gen(function*() {
      yield* intend("k/1")
      yield* Webhooks.dispatch(
        new Events.NotifyEvent({
          callid: "c1",
          custom: Correlation.encode("k/1"),
          type: "amd",
          amd: new Events.AnsweringMachineDetection({ status: "machine" })
        })
      )
      yield* Webhooks.dispatch(
        new Events.DiceEvent({ callid: "c1", custom: Correlation.encode("k/1"), result: "ANSWERED", duration: 9 })
      )
      const row = Option.getOrThrow(yield* (yield* CallJournal.CallJournal).get("k/1"))
      expect(row.outcome).toMatchObject({ disposition: "machine", durationSeconds: 9, callId: "c1" })
    }).pipe(Effect.provide(TestLive())))

  it.effect("an answered call whose ACE nobody handled is unknown, not reached", () =>
    Effect.gen(function*() {
      yield* intend("k/1")
      yield* Webhooks.dispatch(
        new Events.DiceEvent({ callid: "c1", custom: Correlation.encode("k/1"), result: "ANSWERED", duration: 7 })
      )
      const row = Option.getOrThrow(yield* (yield* CallJournal.CallJournal).get("k/1"))
      expect(row.outcome).toMatchObject({ disposition: "unknown", result: "ANSWERED", durationSeconds: 7 })
      expect(row.outcome?.note).toContain("no ACE")
    }).pipe(Effect.provide(TestLive())))

  it.effect("DiCE completes the in-process waiter; a duplicated DiCE changes nothing", () =>
    Effect.gen(function*() {
      yield* intend("k/1")
      const waiter = yield* (yield* AwaitCall.Waiters).register("k/1")
      const dice = (result: string) =>
        Webhooks.dispatch(new Events.DiceEvent({ callid: "c1", custom: Correlation.encode("k/1"), result }))
      yield* dice("BUSY")
      yield* dice("ANSWERED")
      expect((yield* Deferred.await(waiter)).disposition).toBe("busy")
      const row = Option.getOrThrow(yield* (yield* CallJournal.CallJournal).get("k/1"))
      expect(row.outcome?.disposition).toBe("busy")
    }).pipe(Effect.provide(TestLive())))
})
