import { Callouts, Calls, Conferences, SinchVoice, VoiceError, VoiceTest } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"

const destination = { type: "number", endpoint: "+46700000001" } as const

describe("scripting the mock", () => {
  it.effect("scripted failures are used once each, in the order they were queued, per operation", () =>
    Effect.gen(function*() {
      const limited = new VoiceError.RateLimited({ operation: "callouts.tts" })
      const broke = new VoiceError.PaymentRequired({ operation: "callouts.tts", errorCode: 40200 })
      yield* VoiceTest.failNext("Callouts.tts", limited)
      yield* VoiceTest.failNext("Callouts.tts", broke)
      const callouts = yield* Callouts.Callouts

      const conference = yield* callouts.conference({ destination, conferenceId: "room" })
      assert.strictEqual(conference.callId, "call-1", "another operation is not affected")
      assert.strictEqual(yield* Effect.flip(callouts.tts({ destination, text: "Hi" })), limited)
      assert.strictEqual(yield* Effect.flip(callouts.tts({ destination, text: "Hi" })), broke)
      assert.strictEqual((yield* callouts.tts({ destination, text: "Hi" })).callId, "call-2")
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("a scripted failure changes nothing in the model", () =>
    Effect.gen(function*() {
      const { callId } = yield* VoiceTest.seedCall({ conferenceId: "room" })
      yield* VoiceTest.failNext(
        "Conferences.kickParticipant",
        new VoiceError.Timeout({
          operation: "conferences.kickParticipant",
          timeout: Duration.seconds(10)
        })
      )
      yield* VoiceTest.failNext("Calls.update", new VoiceError.ServerError({ operation: "calls.update", status: 502 }))
      const conferences = yield* Conferences.Conferences
      const calls = yield* Calls.Calls
      assert.strictEqual((yield* Effect.flip(conferences.kickParticipant("room", callId)))._tag, "Timeout")
      assert.strictEqual((yield* Effect.flip(calls.update(callId, { action: { name: "hangup" } })))._tag, "ServerError")
      assert.strictEqual((yield* VoiceTest.call(callId)).status, "ONGOING")
      assert.strictEqual((yield* VoiceTest.participants("room")).length, 1)
      yield* conferences.kickParticipant("room", callId)
      assert.strictEqual((yield* VoiceTest.call(callId)).status, "FINAL")
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("the shortcut operations have their own names (Conferences.mute is not manageParticipant)", () =>
    Effect.gen(function*() {
      const { callId } = yield* VoiceTest.seedCall({ conferenceId: "room" })
      yield* VoiceTest.failNext(
        "Conferences.mute",
        new VoiceError.ServerError({ operation: "conferences.mute", status: 500 })
      )
      const conferences = yield* Conferences.Conferences
      yield* conferences.manageParticipant("room", callId, { command: "mute" })
      assert.strictEqual((yield* Effect.flip(conferences.mute("room", callId)))._tag, "ServerError")
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("requests lists what was sent, in wire form, with the clock's time", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const calls = yield* Calls.Calls
      yield* callouts.tts({ destination, text: "hi" })
      yield* TestClock.adjust("3 seconds")
      yield* calls.manageWithCallLeg("call-1", "caller", { action: { name: "continue" } })
      assert.deepStrictEqual(yield* VoiceTest.requests, [
        {
          operation: "Callouts.tts",
          path: "/calling/v1/callouts",
          body: { method: "ttsCallout", ttsCallout: { destination, text: "hi" } },
          at: DateTime.unsafeMake(0)
        },
        {
          operation: "Calls.manageWithCallLeg",
          path: "/calling/v1/calls/id/call-1/leg/caller",
          body: { action: { name: "continue" } },
          at: DateTime.unsafeMake(3_000)
        }
      ])
    }).pipe(Effect.provide(SinchVoice.layerTest)))
})

describe("composing the mock layers", () => {
  it.effect("each service's layerTest merged with another shares one model", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const calls = yield* Calls.Calls
      const { callId } = yield* callouts.tts({ destination, text: "Hi" })
      assert.strictEqual((yield* calls.get(callId)).status, "ONGOING")
      yield* calls.update(callId, { action: { name: "hangup" } })
      assert.strictEqual((yield* VoiceTest.call(callId)).status, "FINAL")
    }).pipe(Effect.provide(Layer.merge(Callouts.layerTest, Calls.layerTest))))

  it.effect("SinchVoice.layerTest provides the four services and VoiceTest", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const conferences = yield* Conferences.Conferences
      const { callId } = yield* callouts.conference({ destination, conferenceId: "room" })
      yield* conferences.hold("room", callId, "ring")
      assert.deepStrictEqual(
        (yield* VoiceTest.participants("room")).map((p) => [p.callId, p.onHold, p.musicOnHold]),
        [[callId, true, "ring"]]
      )
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("every build starts from an empty model", () =>
    Effect.gen(function*() {
      const placeOne = Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, text: "Hi" }))
      const first = yield* placeOne.pipe(Effect.provide(SinchVoice.layerTest))
      const second = yield* placeOne.pipe(Effect.provide(SinchVoice.layerTest))
      assert.deepStrictEqual([first.callId, second.callId], ["call-1", "call-1"])
    }))
})
