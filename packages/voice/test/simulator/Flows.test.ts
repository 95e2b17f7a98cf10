import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Menus from "@effect-sinch/svaml/Menus"
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Script from "@effect-sinch/voice/SimulatorScript"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import { describe, expect, it } from "@effect/vitest"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { TestCrypto } from "../utils/crypto.js"
import { applicationKey, applicationSecret, simulatorWith } from "./utils.js"

const runToEnd = (callId: string, time: Duration.DurationInput = "1 hour") =>
  Effect.gen(function*() {
    const end = yield* Effect.fork(Simulator.awaitEnd(callId))
    yield* TestClock.adjust(time)
    return yield* Fiber.join(end)
  })

const decoder = new TextDecoder()

describe("Simulator: call flows", () => {
  it.effect("a busy callee: BUSY, no ACE, DiCE with duration 0", () =>
    Effect.gen(function*() {
      yield* Simulator.script("+46700000001", Script.busy)
      const { callId } = yield* (yield* Callouts.Callouts).tts({
        destination: { type: "number", endpoint: "+46700000001" },
        text: "Hello",
        enableAce: true,
        enableDice: true
      })
      const transcript = yield* runToEnd(callId)
      expect(transcript).toMatchObject({ result: "BUSY", reason: "N/A", duration: 0 })
      expect(Transcript.events(transcript)).toEqual(["dice"])
      expect(yield* (yield* Calls.Calls).get(callId)).toMatchObject({ result: "BUSY", duration: 0, status: "FINAL" })
    }).pipe(Effect.provide(simulatorWith({}))))

  it.effect("silence in a menu: the prompt repeats, then a timeout PIE", () =>
    Effect.gen(function*() {
      const callId = yield* Simulator.incomingCall({
        from: "+46701111111",
        to: "+46700000000",
        caller: [Script.staysSilent(5)]
      })
      const transcript = yield* runToEnd(callId)
      const inputs = Transcript.entriesOf(transcript, "MenuInput")
      expect(inputs.map((entry) => entry.method)).toEqual(["silence", "silence", "silence"])
      const pie = Transcript.entriesOf(transcript, "EventSent").find((entry) => entry.event === "pie")
      expect(pie?.detail).toBe(`timeout ""`)
      expect(transcript.reason).toBe("MANAGERHANGUP")
      // 3 prompts of 1 s (#tts[Press 1.]) and 3 timeouts of 2 s
      expect(transcript.duration).toBe(9)
    }).pipe(Effect.provide(simulatorWith({
      ice: () =>
        Effect.succeed({
          action: Actions.runMenu([
            Menus.main({
              mainPrompt: "#tts[Press 1.]",
              timeoutMills: 2000,
              repeats: 2,
              options: [Menus.option("1", Menus.returns("one"))]
            })
          ])
        }),
      pie: () => Effect.succeed({ action: Actions.hangup() })
    }))))

  it.effect("connectPstn rings the scripted callee, ACE carries AMD, maxDuration ends the call", () =>
    Effect.gen(function*() {
      yield* Simulator.script("+46700000002", Script.answersAfter("5 seconds"), Script.answeringMachine)
      const callId = yield* Simulator.incomingCall({ from: "+46701111111", to: "+46700000000" })
      const transcript = yield* runToEnd(callId)
      expect(Transcript.entriesOf(transcript, "EventSent").map((entry) => `${entry.event} ${entry.detail}`.trim()))
        .toEqual(["ice", "ace amd machine", "dice ANSWERED / TIMEOUT, 30 s"])
      expect(Transcript.entriesOf(transcript, "Connected")[0]).toMatchObject({ at: 5000, to: "+46700000002" })
      expect(transcript).toMatchObject({ result: "ANSWERED", reason: "TIMEOUT", duration: 30 })
    }).pipe(Effect.provide(simulatorWith({
      ice: () =>
        Effect.succeed({ action: Actions.connectPstn("+46700000002", { maxDuration: 30, amd: { enabled: true } }) }),
      ace: (event) =>
        Effect.succeed({ action: event.amd?.status === "machine" ? Actions.continueCall() : Actions.hangup() })
    }))))

  it.effect("a callee who hangs up: CALLEEHANGUP after the scripted time", () =>
    Effect.gen(function*() {
      yield* Simulator.script("+46700000003", Script.answersAfter("2 seconds"), Script.hangsUpAfter("45 seconds"))
      const { callId } = yield* (yield* Callouts.Callouts).conference({
        destination: { type: "number", endpoint: "+46700000003" },
        conferenceId: "room",
        enableDice: true
      })
      const transcript = yield* runToEnd(callId)
      expect(transcript).toMatchObject({ result: "ANSWERED", reason: "CALLEEHANGUP", duration: 45 })
    }).pipe(Effect.provide(simulatorWith({}))))

  it.effect("Simulator.hangUp ends a call as the other side", () =>
    Effect.gen(function*() {
      const callId = yield* Simulator.incomingCall({ from: "+46701111111", to: "+46700000000" })
      yield* TestClock.adjust("10 seconds")
      yield* Simulator.hangUp(callId)
      const transcript = yield* runToEnd(callId, "1 second")
      expect(transcript).toMatchObject({ reason: "CALLERHANGUP", duration: 10 })
    }).pipe(Effect.provide(simulatorWith({
      ice: () => Effect.succeed({ instructions: [Instructions.answer()], action: Actions.connectConf("room") })
    }))))

  it.effect("recordings: Notify when the recording stops", () =>
    Effect.gen(function*() {
      const callId = yield* Simulator.incomingCall({
        from: "+46701111111",
        to: "+46700000000",
        caller: [Script.hangsUpAfter("1 minute")]
      })
      const transcript = yield* runToEnd(callId)
      const notifications = Transcript.entriesOf(transcript, "EventSent").filter((entry) => entry.event === "notify")
      expect(notifications.map((entry) => entry.detail)).toEqual(["recording_finished", "recording_available"])
      const stopped = Transcript.entriesOf(transcript, "RecordingStopped")[0]
      expect(stopped?.destination).toMatch(
        /^s3:\/\/bucket\/19700101000100_.+_00000000-0000-4000-8000-000000000001\.mp3$/
      )
    }).pipe(Effect.provide(simulatorWith({
      ice: () =>
        Effect.succeed({
          instructions: [Instructions.startRecording({ destinationUrl: "s3://bucket/" })],
          action: Actions.connectConf("recorded")
        })
    }))))

  it.effect("SVAML that is not valid for its event ends the call with INVALIDSVAMLACTION", () =>
    Effect.gen(function*() {
      const callId = yield* Simulator.incomingCall({ from: "+46701111111", to: "+46700000000" })
      const transcript = yield* runToEnd(callId)
      expect(transcript).toMatchObject({ result: "N/A", reason: "INVALIDSVAMLACTION" })
      expect(Transcript.entriesOf(transcript, "InvalidSvaml")[0]?.event).toBe("ice")
    }).pipe(Effect.provide(
      Simulator.layer({
        applicationKey,
        applicationSecret,
        // an application that answers an ICE with `continue` (only valid for ACE and PIE)
        deliver: {
          send: (callback) =>
            Effect.succeed({
              status: 200,
              body: decoder.decode(callback.body).includes(`"event":"ice"`) ? `{"action":{"name":"continue"}}` : ""
            })
        }
      }).pipe(Layer.provideMerge(TestCrypto))
    )))

  it.effect("without a callback an incoming call fails with CALLBACKERROR", () =>
    Effect.gen(function*() {
      const callId = yield* Simulator.incomingCall({ from: "+46701111111", to: "+46700000000" })
      const transcript = yield* runToEnd(callId)
      expect(transcript).toMatchObject({ result: "N/A", reason: "CALLBACKERROR" })
    }).pipe(
      Effect.provide(Simulator.layer({ applicationKey, applicationSecret }).pipe(Layer.provideMerge(TestCrypto)))
    ))

  it.effect("the services validate like the real client and fail like Sinch", () =>
    Effect.gen(function*() {
      const invalid = yield* Effect.flip((yield* Callouts.Callouts).tts({
        destination: { type: "number", endpoint: "0700000000" },
        text: "Hi"
      }))
      expect(invalid).toMatchObject({ _tag: "InvalidInput", field: "request.destination.endpoint" })
      const missing = yield* Effect.flip((yield* Calls.Calls).get("00000000-0000-4000-8000-00000000ffff"))
      expect(missing).toMatchObject({ _tag: "NotFound", errorCode: 40400, detail: "Call not found" })
      const unknown = yield* Effect.flip(Simulator.transcript("nope"))
      expect(unknown._tag).toBe("UnknownCall")
    }).pipe(Effect.provide(simulatorWith({}))))

  it.effect("renders a transcript as text", () =>
    Effect.gen(function*() {
      const callId = yield* Simulator.incomingCall({ from: "+46701111111", to: "+46700000000" })
      const transcript = yield* runToEnd(callId)
      expect(Simulator.renderTranscript(transcript).split("\n")).toEqual([
        "call 00000000-0000-4000-8000-000000000001 (incoming) +46701111111 → +46700000000: final, ANSWERED / MANAGERHANGUP, 1 s",
        "  00:00.0 → ICE",
        `  00:00.0 ← ICE reply {"instructions":[{"name":"say","text":"Goodbye"}],"action":{"name":"hangup"}}`,
        "  00:00.0 answered by application",
        `  00:00.0 say "Goodbye"`,
        "  00:01.0 ended: ANSWERED / MANAGERHANGUP after 1 s",
        "  00:01.0 → DICE ANSWERED / MANAGERHANGUP, 1 s"
      ])
    }).pipe(Effect.provide(simulatorWith({
      ice: () => Effect.succeed({ instructions: [Instructions.say("Goodbye")], action: Actions.hangup() })
    }))))
})
