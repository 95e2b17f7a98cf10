import { Callouts, Calls, HttpTransport, Retry, SinchVoice, VoiceError } from "@effect-sinch/voice"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { TestCrypto } from "../utils/crypto.js"
import * as Mock from "../utils/mockTransport.js"
import * as SinchFake from "../utils/sinchFake.js"

const destination = { type: "number", endpoint: "+46700000001" } as const

/** A transport of the caller's own, recording what the client hands it. */
const recording = (
  answer: (request: HttpTransport.Request) => Effect.Effect<HttpTransport.Response, HttpTransport.Failure>,
  options: Partial<SinchVoice.Options> = {}
) => {
  const requests: Array<HttpTransport.Request> = []
  const transport: HttpTransport.Service = {
    send: (request) => Effect.suspend(() => (requests.push(request), answer(request)))
  }
  const layer = SinchVoice.layerWithTransport({
    applicationKey: Mock.applicationKey,
    applicationSecret: Redacted.make(Mock.applicationSecret),
    ...options
  }).pipe(Layer.provide(Layer.merge(Layer.succeed(HttpTransport.HttpTransport, transport), TestCrypto)))
  return { requests, layer }
}

const ok = (text: string) => Effect.succeed({ status: 200, retryAfter: undefined, text })

describe("HttpTransport", () => {
  it.effect("a transport of one's own gets the request signed over its origin, path prefix and body", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2014-06-04T13:41:58Z"))
      const { layer, requests } = recording(() => ok("{\"callId\":\"c1\"}"), {
        callingBaseUrl: "https://gateway.example.com/sinch/"
      })
      const placed = yield* Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, text: "Hi" }))
        .pipe(Effect.provide(layer))
      assert.strictEqual(placed.callId, "c1")
      const [request] = requests
      assert.strictEqual(request!.operation, "callouts.tts")
      assert.strictEqual(request!.origin, "https://gateway.example.com")
      assert.strictEqual(request!.path, "/sinch/calling/v1/callouts")
      assert.strictEqual(request!.headers["content-type"], "application/json")
      const body = new TextDecoder().decode(request!.body)
      const signature = SinchFake.expectedSignature({
        method: "POST",
        contentType: "application/json",
        timestamp: "2014-06-04T13:41:58.000Z",
        path: "/sinch/calling/v1/callouts",
        body
      })
      assert.strictEqual(request!.headers["authorization"], `Application ${Mock.applicationKey}:${signature}`)
    }))

  it.effect("under a TestClock the client keeps the time itself: no timeout is handed to the transport", () =>
    Effect.gen(function*() {
      const { layer, requests } = recording(() => Effect.never, { timeout: "3 seconds" })
      const fiber = yield* Effect.fork(
        Effect.flatMap(Calls.Calls, (calls) => calls.get("c1")).pipe(
          Retry.withPolicy(Retry.none),
          Effect.provide(layer),
          Effect.flip
        )
      )
      yield* TestClock.adjust("3 seconds")
      const error = yield* Fiber.join(fiber)
      assert.instanceOf(error, VoiceError.Timeout)
      assert.isUndefined(requests[0]!.timeout)
    }))

  it.live("on the real clock the transport is handed the timeout to keep", () =>
    Effect.gen(function*() {
      const { layer, requests } = recording(() => ok(JSON.stringify(SinchFake.callInformation)), {
        timeout: "3 seconds"
      })
      yield* Effect.flatMap(Calls.Calls, (calls) => calls.get("c1")).pipe(Effect.provide(layer))
      assert.deepStrictEqual(requests[0]!.timeout, Duration.seconds(3))
    }))

  it.effect("a transport's failure is the operation's typed error, retried only when it is safe", () =>
    Effect.gen(function*() {
      const refused = HttpTransport.transportError(
        "callouts.tts",
        { code: "ECONNREFUSED", message: "refused" },
        "request"
      )
      const { layer, requests } = recording(() =>
        requests.length === 1 ? Effect.fail(refused) : ok("{\"callId\":\"c2\"}")
      )
      const fiber = yield* Effect.fork(
        Effect.flatMap(Callouts.Callouts, (callouts) => callouts.tts({ destination, text: "Hi" })).pipe(
          Effect.provide(layer)
        )
      )
      yield* TestClock.adjust("10 seconds")
      const placed = yield* Fiber.join(fiber)
      assert.strictEqual(placed.callId, "c2")
      assert.strictEqual(requests.length, 2)
    }))

  it("transportError says whether the request may have reached Sinch", () => {
    const never = HttpTransport.transportError("calls.get", { code: "ECONNREFUSED", message: "refused" }, "request")
    assert.isFalse(never.mayHaveReachedSinch)
    assert.include(never.description, "ECONNREFUSED")
    const nested = HttpTransport.transportError(
      "calls.get",
      { message: "fetch failed", cause: { errors: [{ code: "ENOTFOUND" }, { code: "EAI_AGAIN" }] } },
      "request"
    )
    assert.isFalse(nested.mayHaveReachedSinch)
    assert.isTrue(HttpTransport.transportError("calls.get", { code: "ECONNRESET" }, "request").mayHaveReachedSinch)
    assert.isTrue(HttpTransport.transportError("calls.get", new Error("no code"), "request").mayHaveReachedSinch)
    assert.isTrue(HttpTransport.transportError("calls.get", { code: "ECONNREFUSED" }, "response").mayHaveReachedSinch)
  })

  it("bodyTooLarge names the limit and shows the start of the body on one line", () => {
    const error = HttpTransport.bodyTooLarge("calls.get", 200, new TextEncoder().encode("{\n  \"callId\": \"c1\"  "))
    assert.instanceOf(error, VoiceError.UnexpectedResponse)
    assert.strictEqual(error.status, 200)
    assert.strictEqual(error.excerpt, "{ \"callId\": \"c1\"")
    assert.strictEqual(error.reason, `the body is larger than ${HttpTransport.maxResponseBytes} bytes`)
  })
})
