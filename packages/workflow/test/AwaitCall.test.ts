import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as AwaitCall from "../src/AwaitCall.js"
import * as CallAnswer from "../src/CallAnswer.js"
import type * as CallFlow from "../src/CallFlow.js"
import * as CallJournal from "../src/CallJournal.js"
import { InProcessBase, simulatorOn } from "./utils.js"

const callee = "+46700000001"
const message = "Hello, your parcel arrives tomorrow between nine and twelve."
const voicemail = "Hi, this is Parcel Co. Your parcel arrives tomorrow."

const request: CallFlow.CallRequest = {
  destination: callee,
  message,
  machine: CallAnswer.leaveVoicemail(voicemail)
}

const placeAndAwait = (call: CallFlow.CallRequest = request) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(AwaitCall.placeAndAwait(call))
    yield* TestClock.adjust("1 hour")
    return yield* Fiber.join(fiber)
  })

const said = (callId: string | undefined) =>
  Effect.map(
    Simulator.transcript(callId ?? "none"),
    Transcript.said
  )

const TestLive = () => simulatorOn(InProcessBase)

describe("AwaitCall.placeAndAwait on the simulator", () => {
  it.effect("a person answers: human, the message spoken, duration and debit from the DiCE", () =>
    Effect.gen(function*() {
      const outcome = yield* placeAndAwait()
      expect(outcome).toMatchObject({ disposition: "human", result: "ANSWERED", reason: "MANAGERHANGUP" })
      expect(outcome.durationSeconds).toBeGreaterThan(0)
      expect(outcome.debit?.currencyId).toBe("USD")
      expect(outcome.amd?.status).toBe("human")
      expect(yield* said(outcome.callId)).toEqual([message])
      const row = Option.getOrThrow(yield* (yield* CallJournal.CallJournal).get(outcome.attemptKey))
      expect(row).toMatchObject({ status: "ended", callId: outcome.callId })
    }).pipe(Effect.provide(TestLive())))

  it.effect("the callout is a custom callout: inline connectPstn with AMD, ACE and DiCE to the app", () =>
    Effect.gen(function*() {
      const outcome = yield* placeAndAwait()
      const transcript = yield* Simulator.transcript(outcome.callId ?? "none")
      expect(transcript.kind).toBe("custom")
      expect(Transcript.entriesOf(transcript, "Connected").map((entry) => entry.to)).toEqual([callee])
      expect(Transcript.events(transcript)).toEqual(["ace", "dice"])
      expect(Transcript.entriesOf(transcript, "EventSent")[0]?.detail).toBe("amd human")
    }).pipe(Effect.provide(TestLive())))

  it.effect("busy: busy, nothing spoken", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.busy)
      const outcome = yield* placeAndAwait()
      expect(outcome).toMatchObject({ disposition: "busy", result: "BUSY", durationSeconds: 0 })
      expect(yield* said(outcome.callId)).toEqual([])
    }).pipe(Effect.provide(TestLive())))

  it.effect("no answer: no-answer after the ring timeout", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.neverAnswers)
      const outcome = yield* placeAndAwait()
      expect(outcome).toMatchObject({ disposition: "no-answer", result: "NOANSWER" })
    }).pipe(Effect.provide(TestLive())))

  it.effect("an answering machine: machine, and the voicemail is left", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.answeringMachine)
      const outcome = yield* placeAndAwait()
      expect(outcome).toMatchObject({ disposition: "machine", result: "ANSWERED" })
      expect(outcome.amd?.status).toBe("machine")
      expect(yield* said(outcome.callId)).toEqual([voicemail])
    }).pipe(Effect.provide(TestLive())))

  it.effect("a machine with HangUp: nothing spoken, the call hung up", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.answeringMachine)
      const outcome = yield* placeAndAwait({ ...request, machine: CallAnswer.hangUp })
      expect(outcome).toMatchObject({ disposition: "machine", reason: "MANAGERHANGUP" })
      expect(yield* said(outcome.callId)).toEqual([])
    }).pipe(Effect.provide(TestLive())))

  it.effect("the message as SVAML of one's own", () =>
    Effect.gen(function*() {
      const outcome = yield* placeAndAwait({
        ...request,
        message: { instructions: [Instructions.say("Custom one"), Instructions.say("two")], action: Actions.hangup() }
      })
      expect(yield* said(outcome.callId)).toEqual(["Custom one", "two"])
    }).pipe(Effect.provide(TestLive())))

  it.effect("the callee hangs up mid-message: human, CALLEEHANGUP, short duration", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.hangsUpAfter("2 seconds"))
      const outcome = yield* placeAndAwait({ ...request, message: "word ".repeat(60) })
      expect(outcome).toMatchObject({ disposition: "human", reason: "CALLEEHANGUP", durationSeconds: 2 })
    }).pipe(Effect.provide(TestLive())))

  it.effect("a refused callout: failed with the refusal, no call, journal refused", () =>
    Effect.gen(function*() {
      const outcome = yield* placeAndAwait({ ...request, destination: "not a number" })
      expect(outcome.disposition).toBe("failed")
      expect(outcome.refusal?.retryable).toBe(false)
      expect(yield* (yield* Simulator.Simulator).calls).toEqual([])
      const row = Option.getOrThrow(yield* (yield* CallJournal.CallJournal).get(outcome.attemptKey))
      expect(row.status).toBe("refused")
    }).pipe(Effect.provide(TestLive())))
})
