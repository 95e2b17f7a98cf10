import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import { Callouts, VoiceTest } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

const destination = { type: "number", endpoint: "+46700000001" } as const

describe("Callouts.layerTest", () => {
  it.effect("each callout gets the next call id and is recorded with its request and time", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const first = yield* callouts.tts({ destination, text: "one" })
      yield* TestClock.adjust("5 seconds")
      const second = yield* callouts.tts({ destination: { type: "username", endpoint: "alice" }, prompts: "#tts[two]" })
      assert.deepStrictEqual([first.callId, second.callId], ["call-1", "call-2"])
      assert.instanceOf(first, Callouts.CalloutResponse)

      const placed = yield* VoiceTest.callouts
      assert.deepStrictEqual(placed.map((callout) => [callout.method, callout.callId, callout.placedAt]), [
        ["tts", "call-1", DateTime.unsafeMake(0)],
        ["tts", "call-2", DateTime.unsafeMake(5_000)]
      ])
      assert.deepStrictEqual(placed[1]?.request, {
        destination: { type: "username", endpoint: "alice" },
        prompts: "#tts[two]"
      })
      assert.deepStrictEqual(placed[0]?.callbackHeaders, {})
    }).pipe(Effect.provide(Callouts.layerTest)))

  it.effect("a callout creates an ongoing call to its destination", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      yield* callouts.tts({ cli: "+15550000000", destination, text: "hi", custom: "order-42" })
      const [call] = yield* VoiceTest.calls
      assert.deepStrictEqual(call, {
        callId: "call-1",
        origin: "tts",
        from: { type: "number", endpoint: "+15550000000" },
        to: destination,
        domain: "pstn",
        custom: "order-42",
        conferenceId: undefined,
        status: "ONGOING",
        startedAt: DateTime.unsafeMake(0),
        updates: []
      })
    }).pipe(Effect.provide(Callouts.layerTest)))

  it.effect("a conference callout adds a participant to the conference", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      yield* callouts.conference({ destination, conferenceId: "room-1", mohClass: "music1" })
      yield* callouts.conference({ destination: { type: "number", endpoint: "+46700000002" }, conferenceId: "room-1" })
      const conferences = yield* VoiceTest.conferences
      assert.deepStrictEqual(conferences.map((c) => [c.conferenceId, c.participants.map((p) => p.callId)]), [
        ["room-1", ["call-1", "call-2"]]
      ])
      const [callout] = yield* VoiceTest.callouts
      assert.strictEqual(callout?.method, "conference")
      if (callout?.method === "conference") assert.strictEqual(callout.request.mohClass, "music1")
      assert.strictEqual((yield* VoiceTest.call("call-2")).conferenceId, "room-1")
    }).pipe(Effect.provide(Callouts.layerTest)))

  it.effect("a custom callout keeps inline SVAML as documents and URLs as strings", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const ice = yield* Svaml.ice(Instructions.say("Connecting you"), Actions.connectConf("room-2"))
      yield* callouts.custom(
        { destination, ice, ace: "https://app.example.com/ace", maxDuration: 600 },
        { callbackHeaders: { "X-CB-Tenant": "acme" } }
      )
      const [callout] = yield* VoiceTest.callouts
      assert.strictEqual(callout?.method, "custom")
      if (callout?.method !== "custom") return
      assert.deepStrictEqual(callout.request.ice, ice)
      assert.strictEqual(callout.request.ace, "https://app.example.com/ace")
      assert.strictEqual(callout.request.maxDuration, 600)
      assert.deepStrictEqual(callout.callbackHeaders, { "x-cb-tenant": "acme" })
    }).pipe(Effect.provide(Callouts.layerTest)))

  it.effect("conference options are recorded as the app passed them", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      yield* callouts.conference({
        destination,
        conferenceId: "room-3",
        conferenceDtmfOptions: { mode: "forward", maxDigits: 4 },
        domain: "pstn"
      })
      const [callout] = yield* VoiceTest.callouts
      if (callout?.method !== "conference") return assert.fail("expected a conference callout")
      assert.deepStrictEqual(callout.request.conferenceDtmfOptions, { mode: "forward", maxDigits: 4 })
    }).pipe(Effect.provide(Callouts.layerTest)))
})
