/**
 * A complete test file for an application built on effect-sinch: docs/testing.md, "A test file".
 * Type-checked by `pnpm check` and run by `pnpm test` (the `repo` project), so it stays true.
 *
 * In your project the application lives in `src/` and this file in `test/`; it needs `vitest`,
 * `@effect/vitest` and the effect-sinch packages, nothing else.
 */
import { NodeSimulator } from "@effect-sinch/platform-node"
import { Actions, Instructions, Menus, Prompts, Svaml, type SvamlError } from "@effect-sinch/svaml"
import {
  Callouts,
  Events,
  Simulator,
  SimulatorScript,
  SimulatorTranscript,
  SinchVoice,
  VoiceTest,
  Webhooks
} from "@effect-sinch/voice"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"

// ---------------------------------------------------------------------------------------------
// The application under test (normally imported from src/)
// ---------------------------------------------------------------------------------------------

/** Calls a patient with a reminder. */
const remind = (phone: string) =>
  Effect.gen(function*() {
    const callouts = yield* Callouts.Callouts
    const { callId } = yield* callouts.tts({
      cli: "+46700000000",
      destination: { type: "number", endpoint: phone },
      text: "Your appointment is tomorrow at ten."
    })
    return callId
  })

/** The application's webhooks: a menu for callers, and what it does with the choice. */
const handlers: Webhooks.Handlers<SvamlError.InvalidSvaml> = {
  ice: () =>
    Svaml.ice(Actions.runMenu([
      Menus.main({
        mainPrompt: Prompts.tts("Press 1 to confirm, 2 to cancel."),
        options: [Menus.option("1", Menus.returns("confirm")), Menus.option("2", Menus.returns("cancel"))]
      })
    ])),
  pie: (event) =>
    Svaml.pie(
      Instructions.say(event.menuResult.value === "confirm" ? "See you tomorrow." : "Your appointment is cancelled."),
      Actions.hangup()
    )
}

// ---------------------------------------------------------------------------------------------
// Its tests
// ---------------------------------------------------------------------------------------------

describe("reminders", () => {
  // A unit test on the mock layer: what the app asked Sinch for.
  it.effect("places a TTS callout", () =>
    Effect.gen(function*() {
      const callId = yield* remind("+46700000001")
      const callouts = yield* VoiceTest.callouts
      expect(callouts).toMatchObject([{ method: "tts", callId }])
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  // An end-to-end test on the simulator: the call rings, is answered, the text is spoken. One layer,
  // a fresh simulator per test; the TestClock moves time, nothing waits.
  it.effect("the patient hears the reminder", () =>
    Effect.gen(function*() {
      yield* Simulator.script("+46700000001", SimulatorScript.answersAfter("3 seconds"))
      const callId = yield* remind("+46700000001")
      const end = yield* Effect.fork(Simulator.awaitEnd(callId))
      yield* TestClock.adjust("1 minute")
      const transcript = yield* Fiber.join(end)
      expect(SimulatorTranscript.said(transcript)).toEqual(["Your appointment is tomorrow at ten."])
      expect(transcript).toMatchObject({ result: "ANSWERED", reason: "MANAGERHANGUP" })
    }).pipe(Effect.provide(NodeSimulator.layerTest(handlers))))

  // The handlers alone: Webhooks.dispatch with a decoded event (no HTTP, no signature).
  it.effect("a caller who presses 2 is told the appointment is cancelled", () =>
    Effect.gen(function*() {
      const reply = yield* Webhooks.dispatch(
        new Events.PieEvent({
          event: "pie",
          callid: "call-1",
          menuResult: new Events.MenuResult({ type: "return", value: "cancel", menuId: "main" })
        })
      )
      expect(reply).toMatchObject({ event: "pie", outcome: "handled" })
      expect(reply.event === "pie" ? reply.svaml.instructions : []).toEqual([
        { name: "say", text: "Your appointment is cancelled." }
      ])
    }).pipe(Effect.provide(NodeSimulator.layerTest(handlers))))
})

// One simulator shared by a block of tests (built once; calls, scripts and the clock carry over).
it.layer(NodeSimulator.layerTest(handlers))("a caller, on a shared simulator", (it) => {
  it.effect("confirms with 1", () =>
    Effect.gen(function*() {
      const callId = yield* Simulator.incomingCall({
        from: "+46700000002",
        to: "+46700000000",
        caller: [SimulatorScript.presses("1")]
      })
      const end = yield* Effect.fork(Simulator.awaitEnd(callId))
      yield* TestClock.adjust("1 minute")
      const transcript = yield* Fiber.join(end)
      expect(SimulatorTranscript.events(transcript)).toEqual(["ice", "pie", "dice"])
      expect(SimulatorTranscript.said(transcript)).toEqual(["See you tomorrow."])
    }))
})
