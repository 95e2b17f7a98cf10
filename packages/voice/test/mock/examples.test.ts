import { VoiceError, VoiceTest } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Examples from "../../../../docs/examples/testing-mock.js"

describe("docs/examples/testing-mock.ts", () => {
  it.effect("reminderIsPlaced", () =>
    Effect.gen(function*() {
      const { call, callId, callouts } = yield* Examples.reminderIsPlaced
      assert.strictEqual(callId, "call-1")
      assert.deepStrictEqual(callouts.map((callout) => [callout.method, callout.callId, callout.callbackHeaders]), [
        ["tts", "call-1", { "x-cb-appointment": "tomorrow at 10" }]
      ])
      assert.strictEqual(callouts[0]?.request.destination?.endpoint, "+46700000001")
      assert.strictEqual(call.status, "ONGOING")
    }))

  it.effect("reminderSurvivesA503", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* Examples.reminderSurvivesA503, { callId: "call-1", attempts: 2 })
    }))

  it.effect("badNumberIsRejected", () =>
    Effect.gen(function*() {
      const { error, sent } = yield* Examples.badNumberIsRejected
      assert.instanceOf(error, VoiceError.InvalidInput)
      assert.deepStrictEqual(sent, [])
    }))

  it.effect("longCallIsEnded", () =>
    Effect.gen(function*() {
      const { call, early, late } = yield* Examples.longCallIsEnded
      assert.deepStrictEqual([early, late], ["kept", "ended"])
      assert.deepStrictEqual([call.status, call.reason, call.updates.length], ["FINAL", "MANAGERHANGUP", 1])
    }))

  it.effect("forgottenCallIsGone", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* Examples.forgottenCallIsGone, "gone")
    }))

  it.effect("standupIsMuted", () =>
    Effect.gen(function*() {
      const participants = yield* Examples.standupIsMuted
      assert.deepStrictEqual(participants.map((p) => [p.callId, p.muted]), [
        ["call-1", false],
        ["call-2", true],
        ["call-3", true]
      ])
    }))

  it.effect("applicationIsConfigured", () =>
    Effect.gen(function*() {
      const { numbers, urls } = yield* Examples.applicationIsConfigured
      assert.deepStrictEqual(numbers, [
        { number: "+15550000001", applicationkey: "my-app", capability: "voice" },
        { number: "+15550000002" }
      ])
      assert.deepStrictEqual(urls, { primary: "https://app.example.com/sinch" })
      assert.notStrictEqual(VoiceTest.applicationKey, "my-app")
    }))

  it.effect("callsAlone", () =>
    Effect.gen(function*() {
      const error = yield* Examples.callsAlone
      assert.strictEqual(error._tag, "NotFound")
    }))
})
