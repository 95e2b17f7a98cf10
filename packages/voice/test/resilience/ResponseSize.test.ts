import { Callouts, Calls, Retry, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Mock from "../utils/mockTransport.js"

const maxResponseBytes = 4 * 1024 * 1024
const destination = { type: "number", endpoint: "+46700000001" } as const
const tts = Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, text: "Hi" }))
const sent = Effect.flatMap(Mock.Transport, (transport) => transport.requests).pipe(
  Effect.map((requests) => requests.length)
)

describe("response size cap", () => {
  it.effect("a body larger than 4 MiB is abandoned: UnexpectedResponse, the callout not retried", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(tts)
      assert.instanceOf(error, VoiceError.UnexpectedResponse)
      const unexpected = error as VoiceError.UnexpectedResponse
      assert.strictEqual(unexpected.status, 200)
      assert.strictEqual(unexpected.reason, `the body is larger than ${maxResponseBytes} bytes`)
      assert.isAtMost(unexpected.excerpt.length, 201)
      assert.isTrue(unexpected.excerpt.startsWith("{\"callId\""))
      assert.strictEqual(yield* sent, 1)
    }).pipe(Effect.provide(Mock.client(
      () => ({ status: 200, body: `{"callId":"${"x".repeat(maxResponseBytes)}"}` }),
      { retry: Retry.exponential({ base: "1 millis" }) }
    ))))

  it.effect("a declared content-length over the cap fails at the first chunk", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const error = yield* Effect.flip(calls.get("c1"))
      assert.instanceOf(error, VoiceError.UnexpectedResponse)
      assert.strictEqual(error.status, 503)
      assert.strictEqual(error.excerpt, "{}")
    }).pipe(Effect.provide(Mock.client(
      () => ({ status: 503, body: "{}", headers: { "content-length": String(maxResponseBytes + 1) } }),
      { retry: Retry.none }
    ))))

  it.effect("a body of exactly 4 MiB is read", () =>
    Effect.gen(function*() {
      const response = yield* tts
      assert.strictEqual(response.callId.length, maxResponseBytes - `{"callId":""}`.length)
    }).pipe(Effect.provide(Mock.client(
      () => ({ status: 200, body: `{"callId":"${"x".repeat(maxResponseBytes - `{"callId":""}`.length)}"}` })
    ))))
})
