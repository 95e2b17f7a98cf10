import { Conferences, VoiceError, VoiceTest } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

/** Two participants in `room`: `call-1` (+46700000001) and `call-2` (+46700000002). */
const seedRoom = Effect.gen(function*() {
  yield* VoiceTest.seedCall({ conferenceId: "room", from: { type: "number", endpoint: "+46700000001" } })
  yield* VoiceTest.seedCall({ conferenceId: "room", from: { type: "number", endpoint: "+46700000002" } })
})

const state = (conferenceId: string) =>
  Effect.map(
    VoiceTest.participants(conferenceId),
    (participants) => participants.map((p) => [p.callId, p.muted, p.onHold, p.musicOnHold] as const)
  )

describe("Conferences.layerTest", () => {
  it.effect("an unknown conference fails with the client's NotFound", () =>
    Effect.gen(function*() {
      const conferences = yield* Conferences.Conferences
      const error = yield* Effect.flip(conferences.get("nobody-here"))
      assert.instanceOf(error, VoiceError.NotFound)
      assert.deepStrictEqual([error.operation, error.resource, error.detail], [
        "conferences.get",
        "conference",
        "Conference not found"
      ])
      assert.strictEqual((yield* Effect.flip(conferences.kickAll("nobody-here")))._tag, "NotFound")
    }).pipe(Effect.provide(Conferences.layerTest)))

  it.effect("get lists the participants with their state and the seconds they have been connected", () =>
    Effect.gen(function*() {
      yield* seedRoom
      yield* TestClock.adjust("90 seconds")
      const conferences = yield* Conferences.Conferences
      const info = yield* conferences.get("room")
      assert.instanceOf(info, Conferences.ConferenceInfo)
      assert.deepStrictEqual(info.participants.map((p) => ({ ...p })), [
        { id: "call-1", cli: "+46700000001", duration: 90, muted: false, onhold: false },
        { id: "call-2", cli: "+46700000002", duration: 90, muted: false, onhold: false }
      ])
    }).pipe(Effect.provide(Conferences.layerTest)))

  it.effect("mute, unmute, hold (with music) and resume change one participant", () =>
    Effect.gen(function*() {
      yield* seedRoom
      const conferences = yield* Conferences.Conferences
      yield* conferences.mute("room", "call-2")
      assert.deepStrictEqual(yield* state("room"), [
        ["call-1", false, false, undefined],
        ["call-2", true, false, undefined]
      ])
      yield* conferences.hold("room", "call-1", "music2")
      yield* conferences.unmute("room", "call-2")
      assert.deepStrictEqual(yield* state("room"), [
        ["call-1", false, true, "music2"],
        ["call-2", false, false, undefined]
      ])
      yield* conferences.resume("room", "call-1")
      yield* conferences.manageParticipant("room", "call-2", { command: "onhold" })
      assert.deepStrictEqual(yield* state("room"), [
        ["call-1", false, false, undefined],
        ["call-2", false, true, undefined]
      ])
    }).pipe(Effect.provide(Conferences.layerTest)))

  it.effect("kicking a participant ends its call; kicking a non-participant fails with NotFound", () =>
    Effect.gen(function*() {
      yield* seedRoom
      const outsider = yield* VoiceTest.seedCall()
      const conferences = yield* Conferences.Conferences
      const error = yield* Effect.flip(conferences.kickParticipant("room", outsider.callId))
      assert.deepStrictEqual([error._tag, error.operation], ["NotFound", "conferences.kickParticipant"])
      assert.strictEqual((yield* Effect.flip(conferences.mute("room", "call-99")))._tag, "NotFound")

      yield* conferences.kickParticipant("room", "call-1")
      assert.deepStrictEqual((yield* state("room")).map(([callId]) => callId), ["call-2"])
      const kicked = yield* VoiceTest.call("call-1")
      assert.deepStrictEqual([kicked.status, kicked.reason], ["FINAL", "MANAGERHANGUP"])
      assert.strictEqual((yield* Effect.flip(conferences.kickParticipant("room", "call-1")))._tag, "NotFound")
    }).pipe(Effect.provide(Conferences.layerTest)))

  it.effect("kickAll ends every participant's call and the conference", () =>
    Effect.gen(function*() {
      yield* seedRoom
      const conferences = yield* Conferences.Conferences
      yield* conferences.kickAll("room")
      assert.deepStrictEqual(yield* VoiceTest.conferences, [])
      assert.deepStrictEqual((yield* VoiceTest.calls).map((call) => call.status), ["FINAL", "FINAL"])
      assert.strictEqual((yield* Effect.flip(conferences.get("room")))._tag, "NotFound")
    }).pipe(Effect.provide(Conferences.layerTest)))

  it.effect("a conference ends when its last participant hangs up", () =>
    Effect.gen(function*() {
      yield* seedRoom
      yield* VoiceTest.endCall("call-1")
      assert.deepStrictEqual((yield* state("room")).map(([callId]) => callId), ["call-2"])
      yield* VoiceTest.endCall("call-2", { reason: "CALLERHANGUP" })
      assert.deepStrictEqual(yield* VoiceTest.conferences, [])
      assert.strictEqual((yield* VoiceTest.call("call-2")).reason, "CALLERHANGUP")
    }).pipe(Effect.provide(Conferences.layerTest)))

  it.effect("a participant whose call is unknown is not listed and cannot be managed", () =>
    Effect.gen(function*() {
      yield* seedRoom
      yield* VoiceTest.unknownCall("call-2")
      const conferences = yield* Conferences.Conferences
      assert.deepStrictEqual((yield* conferences.get("room")).participants.map((p) => p.id), ["call-1"])
      assert.strictEqual((yield* Effect.flip(conferences.mute("room", "call-2")))._tag, "NotFound")
    }).pipe(Effect.provide(Conferences.layerTest)))
})
