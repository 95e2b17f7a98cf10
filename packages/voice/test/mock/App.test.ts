/**
 * The mock layers as an application's tests use them: the app code below only knows the services;
 * its tests swap `SinchVoice.layer(...)` for `SinchVoice.layerTest` and read / script `VoiceTest`.
 */
import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import { Callouts, Calls, Conferences, SinchVoice, VoiceError, VoiceTest } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

// ---------------------------------------------------------------------------------------------
// The application
// ---------------------------------------------------------------------------------------------

const officeNumber = "+15550000000"

/** Calls a customer with a reminder; a busy Sinch is tried once more. */
const sendReminder = (phone: string, appointment: string) =>
  Effect.gen(function*() {
    const callouts = yield* Callouts.Callouts
    const { callId } = yield* callouts.tts(
      {
        cli: officeNumber,
        destination: { type: "number", endpoint: phone },
        text: `Reminder: your appointment is ${appointment}.`,
        enableDice: true
      },
      { callbackHeaders: { "X-CB-Appointment": appointment } }
    ).pipe(Effect.retry({ times: 1, while: (error) => error._tag === "ServerError" }))
    return callId
  })

/** Dials the team into the stand-up and mutes everyone but the host. */
const startStandup = (host: string, team: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const callouts = yield* Callouts.Callouts
    const conferences = yield* Conferences.Conferences
    const dial = (endpoint: string) =>
      callouts.conference({
        cli: officeNumber,
        destination: { type: "number", endpoint },
        conferenceId: "standup",
        greeting: "Welcome to the stand-up"
      })
    yield* dial(host)
    for (const member of team) {
      const { callId } = yield* dial(member)
      yield* conferences.mute("standup", callId)
    }
  })

/** Says goodbye and hangs up a call that has lasted too long; a call Sinch forgot is fine. */
const endLongCall = (callId: string, maxSeconds: number) =>
  Effect.gen(function*() {
    const calls = yield* Calls.Calls
    const call = yield* calls.get(callId)
    if (call.status === "FINAL" || (call.duration ?? 0) <= maxSeconds) return "kept" as const
    yield* calls.update(callId, yield* Svaml.managedCall(Instructions.say("Time is up, goodbye."), Actions.hangup()))
    return "ended" as const
  }).pipe(Effect.catchTag("NotFound", () => Effect.succeed("gone" as const)))

// ---------------------------------------------------------------------------------------------
// Its tests
// ---------------------------------------------------------------------------------------------

describe("an app tested with SinchVoice.layerTest", () => {
  it.effect("a reminder places one TTS callout with the app's request and callback headers", () =>
    Effect.gen(function*() {
      const callId = yield* sendReminder("+46700000001", "tomorrow at 10")
      assert.strictEqual(callId, "call-1")

      const [callout, ...others] = yield* VoiceTest.callouts
      assert.strictEqual(others.length, 0)
      assert.strictEqual(callout?.method, "tts")
      if (callout?.method !== "tts") return
      assert.deepStrictEqual(callout.request, {
        cli: officeNumber,
        destination: { type: "number", endpoint: "+46700000001" },
        text: "Reminder: your appointment is tomorrow at 10.",
        enableDice: true
      })
      assert.deepStrictEqual(callout.callbackHeaders, { "x-cb-appointment": "tomorrow at 10" })

      const call = yield* VoiceTest.call("call-1")
      assert.strictEqual(call.status, "ONGOING")
      assert.deepStrictEqual(call.to, { type: "number", endpoint: "+46700000001" })
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("a reminder survives one server error, and the failure is used once", () =>
    Effect.gen(function*() {
      yield* VoiceTest.failNext("Callouts.tts", new VoiceError.ServerError({ operation: "callouts.tts", status: 503 }))
      const callId = yield* sendReminder("+46700000001", "today")
      assert.strictEqual(callId, "call-1", "the failed attempt created no call")
      const requests = yield* VoiceTest.requests
      assert.deepStrictEqual(requests.map((request) => request.operation), ["Callouts.tts", "Callouts.tts"])
      assert.strictEqual((yield* VoiceTest.callouts).length, 1)
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("a reminder fails with the scripted error when Sinch keeps failing", () =>
    Effect.gen(function*() {
      const unavailable = new VoiceError.ServerError({ operation: "callouts.tts", status: 503 })
      yield* VoiceTest.failNext("Callouts.tts", unavailable)
      yield* VoiceTest.failNext("Callouts.tts", unavailable)
      const error = yield* Effect.flip(sendReminder("+46700000001", "today"))
      assert.strictEqual(error, unavailable)
      assert.deepStrictEqual(yield* VoiceTest.calls, [])
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("a reminder to a number that is not E.164 fails before anything is sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(sendReminder("0700-000001", "today"))
      assert.instanceOf(error, VoiceError.InvalidInput)
      assert.strictEqual(error._tag, "InvalidInput")
      if (error._tag !== "InvalidInput") return
      assert.strictEqual(error.field, "request.destination.endpoint")
      assert.deepStrictEqual(yield* VoiceTest.requests, [])
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("the stand-up has the host and the muted team in one conference", () =>
    Effect.gen(function*() {
      yield* startStandup("+46700000001", ["+46700000002", "+46700000003"])
      const participants = yield* VoiceTest.participants("standup")
      assert.deepStrictEqual(
        participants.map(({ callId, cli, muted }) => ({ callId, cli, muted })),
        [
          { callId: "call-1", cli: "+46700000001", muted: false },
          { callId: "call-2", cli: "+46700000002", muted: true },
          { callId: "call-3", cli: "+46700000003", muted: true }
        ]
      )
      const conferences = yield* Conferences.Conferences
      const info = yield* conferences.get("standup")
      assert.deepStrictEqual(info.participants.map((p) => [p.id, p.muted, p.onhold]), [
        ["call-1", false, false],
        ["call-2", true, false],
        ["call-3", true, false]
      ])
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("a long call is hung up with a goodbye once the TestClock has moved past the limit", () =>
    Effect.gen(function*() {
      const callId = yield* sendReminder("+46700000001", "today")
      assert.strictEqual(yield* endLongCall(callId, 60), "kept")
      yield* TestClock.adjust("61 seconds")
      assert.strictEqual(yield* endLongCall(callId, 60), "ended")

      const call = yield* VoiceTest.call(callId)
      assert.strictEqual(call.status, "FINAL")
      assert.strictEqual(call.reason, "MANAGERHANGUP")
      assert.strictEqual(call.result, "ANSWERED")
      assert.deepStrictEqual(call.endedAt, DateTime.unsafeMake(61_000))
      assert.deepStrictEqual(call.updates.map((update) => update.svaml), [
        { instructions: [{ name: "say", text: "Time is up, goodbye." }], action: { name: "hangup" } }
      ])
      assert.strictEqual(yield* endLongCall(callId, 60), "kept", "an ended call is left alone")
    }).pipe(Effect.provide(SinchVoice.layerTest)))

  it.effect("a call Sinch no longer knows is reported as gone", () =>
    Effect.gen(function*() {
      const callId = yield* sendReminder("+46700000001", "today")
      yield* VoiceTest.unknownCall(callId)
      assert.strictEqual(yield* endLongCall(callId, 60), "gone")
    }).pipe(Effect.provide(SinchVoice.layerTest)))
})
