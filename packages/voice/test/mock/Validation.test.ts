/**
 * The mock layers validate input with the real client's own preparation: the same bad input fails
 * with the same `InvalidInput` (operation, field, reason) against `SinchVoice.layerTest` as against
 * `SinchVoice.layer`, and reaches neither Sinch nor the mock's model or script.
 */
import { Applications, Callouts, Calls, Conferences, SinchVoice, VoiceError, VoiceTest } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Mock from "../utils/mockTransport.js"

const destination = { type: "number", endpoint: "+46700000001" } as const

type Service = SinchVoice.Services

const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, VoiceError.VoiceError, Service>]> = [
  [
    "a destination number that is not E.164",
    Effect.flatMap(
      Callouts.Callouts,
      (callouts) => callouts.tts({ destination: { type: "number", endpoint: "0700 000 001" } })
    )
  ],
  [
    "DTMF outside 0-9, # and w",
    Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, dtmf: "12*4" }))
  ],
  [
    "TTS text longer than 600 characters",
    Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, text: "a".repeat(601) }))
  ],
  [
    "custom data over 1024 bytes",
    Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, custom: "é".repeat(513) }))
  ],
  [
    "a callback header without the X-CB- prefix",
    Effect.flatMap(
      Callouts.Callouts,
      (callouts) => callouts.tts({ destination, text: "Hi" }, { callbackHeaders: { "X-Tenant": "acme" } })
    )
  ],
  [
    "a conference id longer than 64 characters",
    Effect.flatMap(Callouts.Callouts, (callouts) => callouts.conference({ destination, conferenceId: "x".repeat(65) }))
  ],
  [
    "invalid inline SVAML in a custom callout",
    Effect.flatMap(
      Callouts.Callouts,
      (callouts) => callouts.custom({ ice: { action: { name: "connectConf", conferenceId: "y".repeat(80) } } })
    )
  ],
  [
    "a custom callout URL that is not http(s)",
    Effect.flatMap(Callouts.Callouts, (callouts) => callouts.custom({ ace: "ftp://example.com/ace" }))
  ],
  ["an empty call id", Effect.flatMap(Calls.Calls, (calls) => calls.get(""))],
  ["a dot-segment call id", Effect.flatMap(Calls.Calls, (calls) => calls.get(".."))],
  [
    "a callResourceUrl on a foreign host",
    Effect.flatMap(
      Calls.Calls,
      (calls) => calls.get({ callResourceUrl: "https://evil.example.com/calling/v1/calls/id/call-1" })
    )
  ],
  [
    "invalid SVAML in a call update",
    Effect.flatMap(
      Calls.Calls,
      (calls) =>
        calls.update("call-1", { instructions: [{ name: "say", text: "a".repeat(700) }], action: { name: "hangup" } })
    )
  ],
  [
    "invalid SVAML in a call-leg update",
    Effect.flatMap(Calls.Calls, (calls) =>
      calls.manageWithCallLeg("call-1", "caller", {
        instructions: [{ name: "playFiles", ids: [] }],
        action: { name: "continue" }
      }))
  ],
  ["an empty conference id", Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get(""))],
  [
    "an empty participant call id",
    Effect.flatMap(Conferences.Conferences, (conferences) => conferences.kickParticipant("room", ""))
  ],
  [
    "music on hold without the onhold command",
    Effect.flatMap(
      Conferences.Conferences,
      (conferences) => conferences.manageParticipant("room", "call-1", { command: "mute", moh: "ring" })
    )
  ],
  [
    "assigning a number that is not E.164",
    Effect.flatMap(Applications.Applications, (applications) => applications.assignNumbers({ numbers: ["123"] }))
  ],
  [
    "unassigning a number that is not E.164",
    Effect.flatMap(Applications.Applications, (applications) => applications.unassignNumber({ number: "+0123" }))
  ],
  [
    "a callback URL that is not a URL",
    Effect.flatMap(
      Applications.Applications,
      (applications) => applications.updateCallbackUrls("app", { url: { primary: "callbacks.example.com" } })
    )
  ],
  [
    "an empty application key",
    Effect.flatMap(Applications.Applications, (applications) => applications.getCallbackUrls(""))
  ]
]

const invalidInput = <R>(effect: Effect.Effect<unknown, VoiceError.VoiceError, R>) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(effect)
    assert.instanceOf(error, VoiceError.InvalidInput)
    return {
      tag: error._tag,
      operation: error.operation,
      ...(error._tag === "InvalidInput" ? { field: error.field, reason: error.reason } : {})
    }
  })

describe("the mock layers validate input exactly like the real client", () => {
  for (const [name, operation] of cases) {
    it.effect(name, () =>
      Effect.gen(function*() {
        const real = yield* invalidInput(operation).pipe(Effect.provide(Mock.client(() => Mock.json(200, {}))))
        const mocked = yield* Effect.gen(function*() {
          // A scripted failure is not consumed by a request that never leaves
          yield* VoiceTest.failNext(
            "Callouts.tts",
            new VoiceError.ServerError({ operation: "callouts.tts", status: 500 })
          )
          const error = yield* invalidInput(operation)
          assert.deepStrictEqual(yield* VoiceTest.requests, [], "nothing reached the mock")
          assert.deepStrictEqual(yield* VoiceTest.calls, [])
          const callouts = yield* Callouts.Callouts
          const scripted = yield* Effect.flip(callouts.tts({ destination, text: "Hi" }))
          assert.strictEqual(scripted._tag, "ServerError", "the scripted failure is still queued")
          return error
        }).pipe(Effect.provide(SinchVoice.layerTest))
        assert.deepStrictEqual(mocked, real)
      }))
  }
})
