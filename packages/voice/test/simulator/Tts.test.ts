import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { simulatorWith } from "./utils.js"

describe("Simulator: TTS callout", () => {
  it.effect("speaks the text after ACE and reports the end in DiCE and Calls.get", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      yield* Effect.gen(function*() {
        yield* Simulator.script("+46700000001", Script.answersAfter("3 seconds"))
        const callouts = yield* Callouts.Callouts
        const { callId } = yield* callouts.tts({
          cli: "+46700000000",
          destination: { type: "number", endpoint: "+46700000001" },
          text: "Reminder: your appointment is tomorrow at ten.",
          enableAce: true,
          enableDice: true
        })
        const ending = yield* Effect.fork(Simulator.awaitEnd(callId))
        yield* TestClock.adjust("1 minute")
        const transcript = yield* Fiber.join(ending)
        expect(Transcript.events(transcript)).toEqual(["ace", "dice"])
        expect(Transcript.said(transcript)).toEqual(["Reminder: your appointment is tomorrow at ten."])
        expect(transcript.result).toBe("ANSWERED")
        expect(transcript.reason).toBe("MANAGERHANGUP")
        expect(transcript.duration).toBe(4)
        const info = yield* (yield* Calls.Calls).get(callId)
        expect(info.status).toBe("FINAL")
        expect(info.duration).toBe(4)
        expect(seen).toEqual(["ace", "dice ANSWERED MANAGERHANGUP 4"])
      }).pipe(Effect.provide(simulatorWith({
        ace: () => Effect.sync(() => seen.push("ace")).pipe(Effect.as({ action: { name: "continue" as const } })),
        dice: (event) => Effect.sync(() => void seen.push(`dice ${event.result} ${event.reason} ${event.duration}`))
      })))
    }))
})
