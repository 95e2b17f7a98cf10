/**
 * The mock-layer examples of docs/testing.md ("Mock layers"), type-checked by `pnpm check` and run
 * by `packages/voice/test/mock/examples.test.ts`.
 *
 * The application code only asks for the services; its tests provide `SinchVoice.layerTest`
 * instead of `SinchVoice.layer(...)` and read or script the model with `VoiceTest`.
 */
import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import { Applications, Callouts, Calls, Conferences, SinchVoice, VoiceError, VoiceTest } from "@effect-sinch/voice"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

// ---------------------------------------------------------------------------------------------
// The application (unchanged for its tests)
// ---------------------------------------------------------------------------------------------

/** Calls a customer with a reminder; a 5xx from Sinch is tried once more. */
export const sendReminder = (phone: string, appointment: string) =>
  Effect.gen(function*() {
    const callouts = yield* Callouts.Callouts
    const { callId } = yield* callouts.tts(
      { cli: "+15550000000", destination: { type: "number", endpoint: phone }, text: `See you ${appointment}.` },
      { callbackHeaders: { "X-CB-Appointment": appointment } }
    ).pipe(Effect.retry({ times: 1, while: (error) => error._tag === "ServerError" }))
    return callId
  })

/** Hangs up a call that has lasted more than `maxSeconds`; a call Sinch no longer knows is "gone". */
export const enforceLimit = (callId: string, maxSeconds: number) =>
  Effect.gen(function*() {
    const calls = yield* Calls.Calls
    const call = yield* calls.get(callId)
    if (call.status === "FINAL" || (call.duration ?? 0) <= maxSeconds) return "kept" as const
    yield* calls.update(callId, yield* Svaml.managedCall(Instructions.say("Time is up."), Actions.hangup()))
    return "ended" as const
  }).pipe(Effect.catchTag("NotFound", () => Effect.succeed("gone" as const)))

/** Dials a team into a conference, everyone but the host muted. */
export const startStandup = (host: string, team: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const callouts = yield* Callouts.Callouts
    const conferences = yield* Conferences.Conferences
    const dial = (endpoint: string) =>
      callouts.conference({ destination: { type: "number", endpoint }, conferenceId: "standup" })
    yield* dial(host)
    for (const member of team) {
      const { callId } = yield* dial(member)
      yield* conferences.mute("standup", callId)
    }
  })

/** Points the application's callbacks at `baseUrl` and assigns it the given numbers. */
export const configure = (applicationKey: string, baseUrl: string, numbers: readonly [string, ...Array<string>]) =>
  Effect.gen(function*() {
    const applications = yield* Applications.Applications
    yield* applications.updateCallbackUrls(applicationKey, { url: { primary: `${baseUrl}/sinch` } })
    yield* applications.assignNumbers({ numbers, applicationkey: applicationKey })
  })

// ---------------------------------------------------------------------------------------------
// Its tests (each an Effect; in a test file: `it.effect("…", () => reminderIsPlaced)`)
// ---------------------------------------------------------------------------------------------

// Read what the app did: the callout with the app's request, and the call it created
export const reminderIsPlaced = Effect.gen(function*() {
  const callId = yield* sendReminder("+46700000001", "tomorrow at 10")
  const callouts = yield* VoiceTest.callouts // [{ method: "tts", callId: "call-1", request, callbackHeaders, placedAt }]
  const call = yield* VoiceTest.call(callId) // { status: "ONGOING", to: { type: "number", … }, … }
  return { callId, callouts, call }
}).pipe(Effect.provide(SinchVoice.layerTest))

// Script a failure: the next tts callout fails with a 503, once
export const reminderSurvivesA503 = Effect.gen(function*() {
  yield* VoiceTest.failNext("Callouts.tts", new VoiceError.ServerError({ operation: "callouts.tts", status: 503 }))
  const callId = yield* sendReminder("+46700000001", "today") // "call-1": the failed attempt created nothing
  const sent = yield* VoiceTest.requests // two "Callouts.tts" requests
  return { callId, attempts: sent.length }
}).pipe(Effect.provide(SinchVoice.layerTest))

// Bad input fails exactly as in production: InvalidInput, nothing sent
export const badNumberIsRejected = Effect.gen(function*() {
  const error = yield* Effect.flip(sendReminder("0700-000001", "today"))
  const sent = yield* VoiceTest.requests // []
  return { error, sent }
}).pipe(Effect.provide(SinchVoice.layerTest))

// Time comes from the Clock: move the TestClock to make the call long
export const longCallIsEnded = Effect.gen(function*() {
  const { callId } = yield* VoiceTest.seedCall({ from: { type: "number", endpoint: "+46700000001" } }) // inbound
  const early = yield* enforceLimit(callId, 60) // "kept"
  yield* TestClock.adjust("2 minutes")
  const late = yield* enforceLimit(callId, 60) // "ended"
  const call = yield* VoiceTest.call(callId) // status "FINAL", reason "MANAGERHANGUP", updates: [{ svaml }]
  return { early, late, call }
}).pipe(Effect.provide(SinchVoice.layerTest))

// Script an unknown call: Sinch answers 404
export const forgottenCallIsGone = Effect.gen(function*() {
  yield* VoiceTest.unknownCall("call-from-yesterday")
  return yield* enforceLimit("call-from-yesterday", 60) // "gone"
}).pipe(Effect.provide(SinchVoice.layerTest))

// Conferences: participants and their state
export const standupIsMuted = Effect.gen(function*() {
  yield* startStandup("+46700000001", ["+46700000002", "+46700000003"])
  return yield* VoiceTest.participants("standup") // call-1 unmuted, call-2 and call-3 muted
}).pipe(Effect.provide(SinchVoice.layerTest))

// Numbers and callback URLs: seed the project's numbers, then read what the app changed
export const applicationIsConfigured = Effect.gen(function*() {
  yield* VoiceTest.seedNumbers(["+15550000001", "+15550000002"])
  yield* configure("my-app", "https://app.example.com", ["+15550000001"])
  const numbers = yield* VoiceTest.numbers // +15550000001 assigned to my-app for voice, +15550000002 free
  const urls = yield* VoiceTest.callbackUrls("my-app") // { primary: "https://app.example.com/sinch" }
  return { numbers, urls }
}).pipe(Effect.provide(SinchVoice.layerTest))

// One service alone: its own layerTest (merge several, and they share one model)
export const callsAlone = Effect.gen(function*() {
  const calls = yield* Calls.Calls
  return yield* Effect.flip(calls.get("call-1")) // NotFound: nothing was placed
}).pipe(Effect.provide(Calls.layerTest))
