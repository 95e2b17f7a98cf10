/**
 * docs/examples/durable-call-flows.ts (the guide docs/durable-call-flows.md) on the simulator under
 * `TestClock`: the in-process wait, the ready-made durable flow and the workflow of one's own.
 */
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import { describe, expect, it } from "@effect/vitest"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as Example from "../../../docs/examples/durable-call-flows.js"
import * as CallFlow from "../src/CallFlow.js"
import * as CallJournal from "../src/CallJournal.js"
import { callbackUrl, InProcessBase, simulatorOn } from "./utils.js"

const Durable = () =>
  Layer.mergeAll(CallFlow.layer, Example.EscalationLive).pipe(
    Layer.provideMerge(simulatorOn(Layer.mergeAll(
      WorkflowEngine.layerMemory,
      CallJournal.layerMemory,
      CallFlow.layerSettings({ callbackUrl })
    )))
  )

/** Moves the clock a minute at a time until the effect is done. */
const untilDone = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    for (let minute = 0; minute < 24 * 60; minute++) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return yield* exit.value
      yield* TestClock.adjust("1 minute")
    }
    return yield* Effect.dieMessage("not done within a day")
  })

const callsTo = (number: string) =>
  Effect.flatMap(
    Simulator.Simulator,
    (simulator) =>
      Effect.map(simulator.calls, (calls) =>
        calls.filter((call) => Transcript.entriesOf(call, "Ringing").some((entry) => entry.number === number)))
  )

describe("docs/examples/durable-call-flows.ts", () => {
  it.effect("in process: a machine answers, the voicemail is left", () =>
    Effect.gen(function*() {
      yield* Simulator.script("+46700000001", Script.answeringMachine)
      expect(yield* untilDone(Example.tableReady("+46700000001"))).toBe("machine")
      const calls = yield* callsTo("+46700000001")
      expect(calls.map(Transcript.said)).toEqual([["Hello, your table is ready: please come to the front desk."]])
    }).pipe(Effect.provide(simulatorOn(InProcessBase))))

  it.effect("durable reminder: busy, then answered after the retry delay", () =>
    Effect.gen(function*() {
      yield* Simulator.script("+46700000001", Script.busy)
      const flow = yield* Effect.fork(untilDone(Example.reminder("ann", "+46700000001")))
      yield* TestClock.adjust("1 minute")
      yield* Simulator.script("+46700000001", Script.answers)
      const report = yield* Fiber.join(flow)
      expect(report.conclusion).toBe("reached")
      expect(report.attempts.map((outcome) => outcome.disposition)).toEqual(["busy", "human"])
    }).pipe(Effect.provide(Durable())))

  it.effect("escalation: the nurse on duty does not answer, the backup does; a repeat calls nobody", () =>
    Effect.gen(function*() {
      yield* Simulator.script("+46700000301", Script.neverAnswers)
      expect(yield* untilDone(Example.alert)).toBe("backup")
      expect(yield* untilDone(Example.alert)).toBe("backup")
      expect((yield* callsTo("+46700000301")).length).toBe(1)
      expect((yield* callsTo("+46700000302")).length).toBe(1)
    }).pipe(Effect.provide(Durable())))
})
