/**
 * Like Sinch, the simulator gives up on a callback that does not answer in time and on an answer
 * that is too large, and says so in the transcript; what follows depends on the event.
 */
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Transcript from "@effect-sinch/voice/SimulatorTranscript"
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import type * as Webhooks from "@effect-sinch/voice/Webhooks"
import { assert, describe, expect, it } from "@effect/vitest"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { TestCrypto } from "../utils/crypto.js"
import { applicationKey, applicationSecret, appWebhooks } from "./utils.js"

const runToEnd = (callId: string, time: Duration.DurationInput = "1 hour") =>
  Effect.gen(function*() {
    const end = yield* Effect.fork(Simulator.awaitEnd(callId))
    yield* TestClock.adjust(time)
    return yield* Fiber.join(end)
  })

/** The simulator delivering in-process to handlers allowed to take an hour (the simulator's deadline decides). */
const patientApp = (handlers: Webhooks.Handlers, options: Partial<Simulator.Options> = {}) =>
  Simulator.layer({ applicationKey, applicationSecret, deliver: Simulator.toWebhooks(), ...options }).pipe(
    Layer.provide(appWebhooks(handlers, { timeout: "1 hour" })),
    Layer.provideMerge(TestCrypto)
  )

/** The simulator with a delivery of its own. */
const withDelivery = (send: Simulator.Delivery["send"], options: Partial<Simulator.Options> = {}) =>
  Simulator.layer({ applicationKey, applicationSecret, deliver: { send }, ...options }).pipe(
    Layer.provideMerge(TestCrypto)
  )

const failures = (transcript: Transcript.Transcript) =>
  Transcript.entriesOf(transcript, "CallbackFailed").map((entry) => `${entry.event}: ${entry.reason}`)

const incoming = Simulator.incomingCall({ from: "+46701111111", to: "+46700000000" })

describe("Simulator: callbacks that do not answer, or answer too much", () => {
  it.effect("an ICE that never answers: given up after 5 s, the call ends with CALLBACKERROR", () =>
    Effect.gen(function*() {
      const transcript = yield* runToEnd(yield* incoming, "1 minute")
      expect(transcript).toMatchObject({ result: "N/A", reason: "CALLBACKERROR" })
      expect(failures(transcript)).toEqual(["ice: did not answer within 5 s"])
      const failed = Transcript.entriesOf(transcript, "CallbackFailed")[0]
      expect(failed?.at).toBe(5000)
      expect(Simulator.renderTranscript(transcript)).toContain("ICE callback failed: did not answer within 5 s")
    }).pipe(Effect.provide(patientApp({ ice: () => Effect.never }))))

  it.effect("the deadline is an option", () =>
    Effect.gen(function*() {
      const transcript = yield* runToEnd(yield* incoming, "1 minute")
      expect(failures(transcript)).toEqual(["ice: did not answer within 1.5 s"])
    }).pipe(Effect.provide(patientApp({ ice: () => Effect.never }, { callbackTimeout: "1500 millis" }))))

  it.effect("an ACE that never answers: the callee stays connected and the callout's text is spoken", () =>
    Effect.gen(function*() {
      const { callId } = yield* (yield* Callouts.Callouts).tts({
        destination: { type: "number", endpoint: "+46700000001" },
        text: "Your code is 1234",
        enableAce: true
      })
      const transcript = yield* runToEnd(callId)
      expect(failures(transcript)).toEqual(["ace: did not answer within 5 s"])
      expect(Transcript.entriesOf(transcript, "Said").map((entry) => entry.text)).toEqual(["Your code is 1234"])
      expect(transcript.reason).toBe("MANAGERHANGUP")
    }).pipe(Effect.provide(patientApp({ ace: () => Effect.never }))))

  it.effect("a DiCE that never answers does not hold the simulator: the call is final", () =>
    Effect.gen(function*() {
      const transcript = yield* runToEnd(yield* incoming, "1 minute")
      expect(transcript.status).toBe("final")
      expect(failures(transcript)).toEqual(["dice: did not answer within 5 s"])
    }).pipe(Effect.provide(patientApp({
      ice: () => Effect.succeed({ action: Actions.hangup() }),
      dice: () => Effect.never
    }))))

  it.effect("a delivery of your own that never answers is given up on too", () =>
    Effect.gen(function*() {
      const transcript = yield* runToEnd(yield* incoming, "1 minute")
      expect(transcript.reason).toBe("CALLBACKERROR")
      expect(failures(transcript)).toEqual(["ice: did not answer within 10 s", "dice: did not answer within 10 s"])
    }).pipe(Effect.provide(withDelivery(() => Effect.never))))

  it.effect("an answer above the limit is a failed callback (64 KiB by default, configurable)", () =>
    Effect.gen(function*() {
      const big = yield* runToEnd(yield* incoming, "1 minute")
      expect(big.reason).toBe("CALLBACKERROR")
      expect(failures(big)[0]).toBe("ice: answer too large (more than 65536 bytes)")
    }).pipe(Effect.provide(withDelivery(() => Effect.succeed({ status: 200, body: " ".repeat(65_537) })))))

  it.effect("maxReplyBytes counts UTF-8 bytes", () =>
    Effect.gen(function*() {
      const transcript = yield* runToEnd(yield* incoming, "1 minute")
      expect(failures(transcript)[0]).toBe("ice: answer too large (more than 100 bytes)")
    }).pipe(Effect.provide(withDelivery(
      () => Effect.succeed({ status: 200, body: `{"action":{"name":"hangup"}}${"€".repeat(30)}` }),
      { maxReplyBytes: 100 }
    ))))

  it.effect("timeouts and limits that are not positive numbers fail the layer", () =>
    Effect.gen(function*() {
      const bad: ReadonlyArray<Partial<Simulator.Options>> = [
        { callbackTimeout: Number.NaN },
        { callbackTimeout: -1 },
        { callbackTimeout: 0 },
        { maxReplyBytes: Number.NaN },
        { maxReplyBytes: 0 },
        { maxReplyBytes: -1 },
        { ringTimeout: Number.NaN }
      ]
      for (const options of bad) {
        const error = yield* Effect.flip(Effect.scoped(Layer.build(withDelivery(() => Effect.never, options))))
        assert.instanceOf(error, VoiceError.InvalidConfiguration)
        assert.strictEqual(error.field, Object.keys(options)[0])
      }
    }))
})
