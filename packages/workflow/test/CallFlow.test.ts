import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Events from "@effect-sinch/voice/Events"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import { describe, expect, it } from "@effect/vitest"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as CallAnswer from "../src/CallAnswer.js"
import * as CallFlow from "../src/CallFlow.js"
import * as CallJournal from "../src/CallJournal.js"
import * as Correlation from "../src/Correlation.js"
import { place } from "../src/internal/placement.js"
import { callbackUrl, eventually, seedIntent, simulatorOn } from "./utils.js"

const callee = "+46700000001"

const request: CallFlow.CallRequest = {
  destination: callee,
  message: "Your appointment is tomorrow at ten.",
  machine: CallAnswer.leaveVoicemail("A reminder: your appointment is tomorrow at ten.")
}

const policy: CallFlow.RetryPolicy = { maxAttempts: 3, retryDelaySeconds: 600, backoffFactor: 2 }

// the engine, the journal and the settings shared by the workflow and the webhooks
const EngineBase = Layer.mergeAll(
  WorkflowEngine.layerMemory,
  CallJournal.layerMemory,
  CallFlow.layerSettings({ callbackUrl })
)

const TestLive = () => CallFlow.layer.pipe(Layer.provideMerge(simulatorOn(EngineBase)))

const runFlow = (id: string, payload: { request?: CallFlow.CallRequest; policy?: CallFlow.RetryPolicy } = {}) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(
      CallFlow.workflow.execute({ id, request: payload.request ?? request, policy: payload.policy ?? policy })
    )
    return yield* untilDone(fiber)
  })

/** Moves the clock a minute at a time (as a running system would) until the fiber is done. */
const untilDone = <A, E>(fiber: Fiber.RuntimeFiber<A, E>) =>
  Effect.gen(function*() {
    for (let minute = 0; minute < 24 * 60; minute++) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return yield* exit.value
      yield* TestClock.adjust("1 minute")
    }
    return yield* Effect.dieMessage("the flow did not end within a day")
  })

const callsTo = (number: string) =>
  Effect.map(
    Simulator.Simulator,
    (simulator) =>
      Effect.map(simulator.calls, (calls) =>
        calls.filter((call) =>
          Transcript.entriesOf(call, "Ringing").some((entry) => entry.number === number)
        ).length)
  ).pipe(Effect.flatten)

/** Waits until `count` calls have rung at `number` (see `eventually`). */
const callsReach = (number: string, count: number) =>
  eventually(Effect.map(callsTo(number), (calls) => calls >= count ? Option.some(calls) : Option.none()))

describe("CallFlow.workflow on WorkflowEngine.layerMemory and the simulator", () => {
  it.effect("a person answers at once: one call, reached", () =>
    Effect.gen(function*() {
      const report = yield* runFlow("answered")
      expect(report.conclusion).toBe("reached")
      expect(report.attempts.map((outcome) => outcome.disposition)).toEqual(["human"])
      expect(yield* callsTo(callee)).toBe(1)
    }).pipe(Effect.provide(TestLive())))

  it.effect("busy, then answered: two calls, the second reached after the retry delay", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.busy)
      const fiber = yield* Effect.fork(CallFlow.workflow.execute({ id: "busy-then", request, policy }))
      yield* TestClock.adjust("1 minute")
      yield* callsReach(callee, 1)
      expect(yield* callsTo(callee)).toBe(1)
      yield* Simulator.script(callee, Script.answers)
      yield* TestClock.adjust("8 minutes")
      expect(yield* callsTo(callee)).toBe(1)
      yield* TestClock.adjust("2 minutes")
      yield* callsReach(callee, 2)
      expect(yield* callsTo(callee)).toBe(2)
      const report = yield* untilDone(fiber)
      expect(report.conclusion).toBe("reached")
      expect(report.attempts.map((outcome) => outcome.disposition)).toEqual(["busy", "human"])
      expect(report.attempts.map((outcome) => outcome.attemptKey)).toEqual(
        [1, 2].map((attempt) => report.attempts[0]!.attemptKey.replace(/\/1$/, `/${attempt}`))
      )
    }).pipe(Effect.provide(TestLive())))

  it.effect("no answer every time: exactly maxAttempts calls, exhausted", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.neverAnswers)
      const report = yield* runFlow("never")
      expect(report.conclusion).toBe("exhausted")
      expect(report.attempts.map((outcome) => outcome.disposition)).toEqual(["no-answer", "no-answer", "no-answer"])
      expect(yield* callsTo(callee)).toBe(3)
    }).pipe(Effect.provide(TestLive())))

  it.effect("an answering machine: the voicemail is left, no retry", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.answeringMachine)
      const report = yield* runFlow("machine")
      expect(report.conclusion).toBe("voicemail")
      expect(yield* callsTo(callee)).toBe(1)
      const transcript = yield* Simulator.transcript(report.outcome.callId ?? "none")
      expect(Transcript.said(transcript)).toEqual(["A reminder: your appointment is tomorrow at ten."])
    }).pipe(Effect.provide(TestLive())))

  it.effect("a machine with hangUpAndRetry: called maxAttempts times, machine", () =>
    Effect.gen(function*() {
      yield* Simulator.script(callee, Script.answeringMachine)
      const report = yield* runFlow("machine-retry", {
        request: { ...request, machine: CallAnswer.hangUpAndRetry },
        policy: { maxAttempts: 2, retryDelaySeconds: 60 }
      })
      expect(report.conclusion).toBe("machine")
      expect(yield* callsTo(callee)).toBe(2)
    }).pipe(Effect.provide(TestLive())))

  it.effect("a callout Sinch refuses (invalid destination): refused at once, no retry, no call", () =>
    Effect.gen(function*() {
      const report = yield* runFlow("refused", { request: { ...request, destination: "0700 not e164" } })
      expect(report.conclusion).toBe("refused")
      expect(report.attempts).toHaveLength(1)
      expect(report.outcome.refusal?.retryable).toBe(false)
      expect((yield* (yield* Simulator.Simulator).calls).length).toBe(0)
    }).pipe(Effect.provide(TestLive())))

  it.effect("the same id twice: one flow, no new calls", () =>
    Effect.gen(function*() {
      const first = yield* runFlow("same")
      const second = yield* runFlow("same")
      expect(second).toEqual(first)
      expect((yield* (yield* Simulator.Simulator).calls).length).toBe(1)
    }).pipe(Effect.provide(TestLive())))
})

describe("CallFlow: an attempt whose intent was journaled before a crash", () => {
  it.effect("the re-run does not place another call; a later DiCE with the correlation reconciles it", () =>
    Effect.gen(function*() {
      const key = yield* seedIntent({ id: "crashed", request, policy })
      const fiber = yield* Effect.fork(CallFlow.workflow.execute({ id: "crashed", request, policy }))
      yield* TestClock.adjust("1 minute")
      expect(yield* callsTo(callee)).toBe(0)
      // the call the crashed process had placed is answered (its ACE reaches this instance) and
      // ends: both carry the correlation
      yield* Webhooks.dispatch(
        new Events.AceEvent({
          callid: "call-from-before",
          custom: Correlation.encode(key),
          amd: new Events.AnsweringMachineDetection({ status: "human" })
        })
      )
      yield* Webhooks.dispatch(
        new Events.DiceEvent({
          callid: "call-from-before",
          custom: Correlation.encode(key),
          result: "ANSWERED",
          reason: "CALLEEHANGUP",
          duration: 42
        })
      )
      const report = yield* untilDone(fiber)
      expect(report.conclusion).toBe("reached")
      expect(report.outcome).toMatchObject({ callId: "call-from-before", disposition: "human", durationSeconds: 42 })
      expect(yield* callsTo(callee)).toBe(0)
      const row = Option.getOrThrow(yield* (yield* CallJournal.CallJournal).get(key))
      expect(row).toMatchObject({ status: "ended", callId: "call-from-before" })
    }).pipe(Effect.provide(TestLive())))

  it.effect("without a callback it ends unknown at the deadline and is never retried", () =>
    Effect.gen(function*() {
      const key = yield* seedIntent({ id: "lost", request, policy })
      const report = yield* runFlow("lost")
      expect(report.conclusion).toBe("unknown")
      expect(report.attempts.map((outcome) => outcome.disposition)).toEqual(["unknown"])
      expect(yield* callsTo(callee)).toBe(0)
      expect(Option.getOrThrow(yield* (yield* CallJournal.CallJournal).get(key)).status).toBe("unknown")
    }).pipe(Effect.provide(TestLive())))

  it.effect("the placeCall activity run twice places one call", () =>
    Effect.gen(function*() {
      const journal = yield* CallJournal.CallJournal
      const key = "direct/1"
      const settings = { callbackUrl, cli: undefined }
      // the activity body twice, as an at-least-once engine may run it
      const first = yield* place(key, request, settings, undefined)
      const second = yield* place(key, request, settings, undefined)
      expect(first._tag).toBe("Placed")
      expect(second).toEqual(first)
      expect((yield* (yield* Simulator.Simulator).calls).length).toBe(1)
      expect(Option.getOrThrow(yield* journal.get(key)).callId).toBe(first._tag === "Placed" ? first.callId : "")
    }).pipe(Effect.provide(TestLive())))

  it.effect("Sinch placed the call but its answer was lost (5xx): not re-sent, reconciled by the call's DiCE", () =>
    Effect.gen(function*() {
      const report = yield* runFlow("answer-lost")
      expect(report.conclusion).toBe("reached")
      expect(report.attempts).toHaveLength(1)
      expect(report.outcome.disposition).toBe("human")
      expect(report.outcome.callId).toBeDefined()
      expect(yield* callsTo(callee)).toBe(1)
    }).pipe(Effect.provide(
      // the simulator's callouts, with the answer replaced by a 502 after the call was placed
      CallFlow.layer.pipe(
        Layer.provide(Layer.effect(
          Callouts.Callouts,
          Effect.map(Callouts.Callouts, (callouts) => ({
            ...callouts,
            custom: (callout: Callouts.CustomCallout) =>
              Effect.zipRight(
                callouts.custom(callout),
                Effect.fail(new VoiceError.ServerError({ operation: "Callouts.custom", status: 502 }))
              )
          }))
        )),
        Layer.provideMerge(simulatorOn(EngineBase))
      )
    )))
})
