import { Applications, Callouts, Calls, Conferences, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Mock from "../utils/mockTransport.js"

const destination = { type: "number", endpoint: "+46700000001" } as const

const rejected = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(effect)
    assert.instanceOf(error, VoiceError.InvalidInput)
    const requests = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
    assert.strictEqual(requests.length, 0, "nothing is sent")
    return error
  })

/** A TTS callout that must be refused before sending. */
const rejectedTts = (request: Callouts.TtsCallout) =>
  rejected(Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts(request)))

const ok = () => Mock.json(200, { callId: "c1" })

describe("input is validated before sending", () => {
  it.effect("a destination number that is not E.164", () =>
    Effect.gen(function*() {
      const error = yield* rejectedTts({ destination: { type: "number", endpoint: "0700 000 001" } })
      assert.strictEqual(error.field, "request.destination.endpoint")
      assert.include(error.reason, "E.164")
      assert.strictEqual(error.operation, "callouts.tts")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("DTMF outside 0-9, # and w", () =>
    Effect.gen(function*() {
      const error = yield* rejectedTts({ destination, dtmf: "12*4" })
      assert.strictEqual(error.field, "request.dtmf")
      assert.include(error.reason, "DTMF")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("TTS text longer than 600 characters", () =>
    Effect.gen(function*() {
      const error = yield* rejectedTts({ destination, text: "a".repeat(601) })
      assert.strictEqual(error.field, "request.text")
      assert.include(error.reason, "600")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("a conference id longer than 64 characters", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const conferences = yield* Conferences.Conferences
      const callout = yield* rejected(callouts.conference({ destination, conferenceId: "x".repeat(65) }))
      assert.strictEqual(callout.field, "request.conferenceId")
      const get = yield* rejected(conferences.get(""))
      assert.strictEqual(get.field, "conferenceId")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("music on hold without the onhold command", () =>
    Effect.gen(function*() {
      const conferences = yield* Conferences.Conferences
      const error = yield* rejected(conferences.manageParticipant("standup", "c1", { command: "mute", moh: "ring" }))
      assert.strictEqual(error.field, "request.moh")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("invalid SVAML for a call update names the path and the rule", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const error = yield* rejected(
        calls.update("c1", { instructions: [{ name: "say", text: "a".repeat(700) }], action: { name: "hangup" } })
      )
      assert.match(error.field, /^svaml/)
      assert.include(error.reason, "tts-length")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("invalid inline SVAML in a custom callout", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      const error = yield* rejected(
        callouts.custom({ ice: { action: { name: "connectConf", conferenceId: "y".repeat(80) } } })
      )
      assert.match(error.field, /^request\.ice/)
      const url = yield* rejected(callouts.custom({ ace: "ftp://example.com/ace" }))
      assert.strictEqual(url.field, "request.ace")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("path parameters that would change the path", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      assert.strictEqual((yield* rejected(calls.get(".."))).field, "callId")
      assert.strictEqual((yield* rejected(calls.get(""))).field, "callId")
      assert.strictEqual((yield* rejected(calls.get("a\r\nb"))).field, "callId")
      const applications = yield* Applications.Applications

      assert.strictEqual((yield* rejected(applications.queryNumber("+46 70 000"))).field, "number")
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("path parameters are percent-encoded and signed as sent", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      yield* calls.get("a/b?c#d e")
      const requests = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.strictEqual(requests[0]!.url, "https://calling.api.sinch.com/calling/v1/calls/id/a%2Fb%3Fc%23d%20e")
    }).pipe(Effect.provide(Mock.client(() => Mock.json(200, { callId: "a/b?c#d e" })))))

  describe("callback headers (X-CB-*)", () => {
    const withHeaders = (callbackHeaders: Record<string, string>) =>
      Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, text: "Hi" }, { callbackHeaders }))

    it.effect("are sent with the callout", () =>
      Effect.gen(function*() {
        yield* withHeaders({ "X-CB-Order": "1234", "x-cb-customer": "ACME corp" })
        const requests = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
        assert.strictEqual(requests[0]!.headers["x-cb-order"], "1234")
        assert.strictEqual(requests[0]!.headers["x-cb-customer"], "ACME corp")
      }).pipe(Effect.provide(Mock.client(ok))))

    it.effect("break a documented limit → InvalidInput", () =>
      Effect.gen(function*() {
        const reasons = [
          yield* rejected(withHeaders({ "X-Order": "1" })),
          yield* rejected(withHeaders({ [`X-CB-${"k".repeat(28)}`]: "1" })),
          yield* rejected(withHeaders({ "X-CB-A\nB": "1" })),
          yield* rejected(withHeaders({ "X-CB-A": "line\nbreak" })),
          yield* rejected(withHeaders({ "X-CB-A": "é" })),
          yield* rejected(withHeaders({ "X-CB-A": "v".repeat(129) })),
          yield* rejected(withHeaders(Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`X-CB-${n}`, "v"]))))
        ].map((error) => error.reason)
        assert.include(reasons[0], "X-CB-")
        assert.include(reasons[1], "32")
        assert.include(reasons[2], "line breaks")
        assert.include(reasons[3], "printable ASCII")
        assert.include(reasons[4], "printable ASCII")
        assert.include(reasons[5], "128")
        assert.include(reasons[6], "at most 5")
      }).pipe(Effect.provide(Mock.client(ok))))

    it.effect("32 characters including the prefix is allowed", () =>
      Effect.gen(function*() {
        yield* withHeaders({ [`X-CB-${"k".repeat(27)}`]: "v".repeat(128) })
      }).pipe(Effect.provide(Mock.client(ok))))
  })
})
