import { Callouts, Calls, Retry, SinchVoice, VoiceError } from "@effect-sinch/voice"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import type * as Tracer from "effect/Tracer"
import { TestCrypto } from "../utils/crypto.js"
import * as Mock from "../utils/mockTransport.js"
import * as SinchFake from "../utils/sinchFake.js"

const destination = { type: "number", endpoint: "+46700000001" } as const
const ok = () => Mock.json(200, { callId: "c1" })

describe("application signing", () => {
  it.effect("the outgoing signature for a fixed clock equals one computed independently", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2014-06-04T13:41:58Z"))
      const callouts = yield* Callouts.Callouts
      yield* callouts.tts({ destination, text: "Hello world" })
      const [request] = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.strictEqual(request!.headers["x-timestamp"], "2014-06-04T13:41:58.000Z")
      assert.strictEqual(
        request!.body,
        "{\"method\":\"ttsCallout\",\"ttsCallout\":{\"destination\":{\"type\":\"number\",\"endpoint\":\"+46700000001\"},\"text\":\"Hello world\"}}"
      )
      const signature = SinchFake.expectedSignature({
        method: "POST",
        contentType: "application/json",
        timestamp: "2014-06-04T13:41:58.000Z",
        path: "/calling/v1/callouts",
        body: request!.body
      })
      assert.strictEqual(request!.headers["authorization"], `Application ${Mock.applicationKey}:${signature}`)
    }).pipe(Effect.provide(Mock.client(ok))))

  it.effect("a GET is signed with an empty Content-MD5 and no Content-Type", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2023-11-22T09:10:11.999Z"))
      const calls = yield* Calls.Calls
      yield* calls.get("c1")
      const [request] = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      assert.isUndefined(request!.headers["content-type"])
      const signature = SinchFake.expectedSignature({
        method: "GET",
        contentType: "",
        timestamp: "2023-11-22T09:10:11.999Z",
        path: "/calling/v1/calls/id/c1",
        body: ""
      })
      assert.strictEqual(request!.headers["authorization"], `Application ${Mock.applicationKey}:${signature}`)
    }).pipe(Effect.provide(Mock.client(() => Mock.json(200, { callId: "c1" })))))

  it.live("tracing headers added after signing do not break the signature (real HTTP)", () =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      yield* callouts.tts({ destination, text: "Hi" }).pipe(Effect.withSpan("app.request"))
      const [request] = yield* Effect.flatMap(SinchFake.SinchFake, (fake) => fake.requests)
      assert.match(request!.headers["traceparent"] ?? "", /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
      assert.isDefined(request!.headers["b3"])
      assert.isTrue(request!.authorized)
    }).pipe(
      Effect.provide(
        Layer.unwrapEffect(Effect.map(SinchFake.SinchFake, (fake) =>
          SinchVoice.layer({
            applicationKey: SinchFake.applicationKey,
            applicationSecret: Redacted.make(SinchFake.applicationSecret),
            callingBaseUrl: fake.baseUrl
          }))).pipe(Layer.provide([FetchHttpClient.layer, TestCrypto]), Layer.provideMerge(SinchFake.layer))
      )
    ))
})

describe("spans", () => {
  it.effect("one span per operation with method, path template, status, call id and retry count", () => {
    let httpSpan: Tracer.Span | undefined
    let attempt = 0
    const transport = HttpClient.make((request) =>
      Effect.gen(function*() {
        httpSpan = yield* Effect.orDie(Effect.currentSpan)
        attempt++
        return HttpClientResponse.fromWeb(
          request,
          attempt === 1 ? new Response("", { status: 503 }) : Response.json({ callId: "c9" })
        )
      })
    )
    return Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const fiber = yield* Effect.fork(calls.get("c9"))
      yield* TestClock.adjust("1 minute")
      yield* fiber.await
      const parent = Option.getOrUndefined(httpSpan!.parent)
      assert.isDefined(parent)
      assert.strictEqual(parent!._tag, "Span")
      const span = parent as Tracer.Span
      assert.strictEqual(span.name, "sinch.voice.calls.get")
      assert.strictEqual(span.attributes.get("http.request.method"), "GET")
      assert.strictEqual(span.attributes.get("url.template"), "/calling/v1/calls/id/{callId}")
      assert.strictEqual(span.attributes.get("http.response.status_code"), 200)
      assert.strictEqual(span.attributes.get("sinch.voice.call_id"), "c9")
      assert.strictEqual(span.attributes.get("sinch.voice.retry_count"), 1)
      assert.strictEqual(httpSpan!.attributes.get("http.request.header.authorization"), "<redacted>")
    }).pipe(
      Effect.provide(
        SinchVoice.layer({
          applicationKey: Mock.applicationKey,
          applicationSecret: Redacted.make(Mock.applicationSecret),
          retry: Retry.exponential({ base: "10 millis" })
        }).pipe(Layer.provide([TestCrypto, Layer.succeed(HttpClient.HttpClient, transport)]))
      )
    )
  })
})

describe("configuration", () => {
  it.effect("a secret that is not base64 is a typed failure that does not reveal it", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.scoped(Layer.build(
        SinchVoice.layer({ applicationKey: "key", applicationSecret: Redacted.make("not base64!!") }).pipe(
          Layer.provide([TestCrypto, Mock.layer(ok)])
        )
      )))
      assert.instanceOf(error, VoiceError.InvalidConfiguration)
      assert.strictEqual(error.field, "applicationSecret")
      assert.notInclude(String(error), "not base64!!")
      assert.notInclude(JSON.stringify(error), "not base64!!")
    }))

  it.effect("bad base URLs and keys are typed failures", () =>
    Effect.gen(function*() {
      const build = (options: Partial<SinchVoice.Options>) =>
        Effect.flip(Effect.scoped(Layer.build(
          SinchVoice.layer({
            applicationKey: Mock.applicationKey,
            applicationSecret: Redacted.make(Mock.applicationSecret),
            ...options
          }).pipe(Layer.provide([TestCrypto, Mock.layer(ok)]))
        )))
      assert.strictEqual((yield* build({ callingBaseUrl: "ftp://x" })).field, "callingBaseUrl")
      assert.strictEqual((yield* build({ configurationBaseUrl: "not a url" })).field, "configurationBaseUrl")
      assert.strictEqual((yield* build({ applicationKey: "with space" })).field, "applicationKey")
      assert.strictEqual((yield* build({ timeout: 0 })).field, "timeout")
    }))

  /** Builds the client from `layerConfig` over the given environment and sends one TTS callout. */
  const calloutFromConfig = (environment: ReadonlyArray<readonly [string, string]>) =>
    Effect.gen(function*() {
      const callouts = yield* Callouts.Callouts
      yield* callouts.tts({ destination, text: "Hi" })
      const [request] = yield* Effect.flatMap(Mock.Transport, (transport) => transport.requests)
      return request!
    }).pipe(
      Effect.provide(
        SinchVoice.layerConfig().pipe(
          Layer.provide(TestCrypto),
          Layer.provideMerge(Mock.layer(ok)),
          Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(environment))))
        )
      )
    )
  const credentials = [
    ["SINCH_APPLICATION_KEY", Mock.applicationKey],
    ["SINCH_APPLICATION_SECRET", Mock.applicationSecret]
  ] as const

  it.effect("layerConfig reads SINCH_APPLICATION_KEY, SINCH_APPLICATION_SECRET, SINCH_VOICE_REGION, SINCH_VOICE_AUTH", () =>
    Effect.gen(function*() {
      const request = yield* calloutFromConfig([
        ...credentials,
        ["SINCH_VOICE_REGION", "sae1"],
        ["SINCH_VOICE_AUTH", "basic"]
      ])
      assert.strictEqual(request.url, "https://calling-sae1.api.sinch.com/calling/v1/callouts")
      assert.match(request.headers["authorization"] ?? "", /^Basic /)
    }))

  it.effect("layerConfig defaults to the global region and signed requests", () =>
    Effect.gen(function*() {
      const request = yield* calloutFromConfig(credentials)
      assert.strictEqual(request.url, "https://calling.api.sinch.com/calling/v1/callouts")
      assert.match(request.headers["authorization"] ?? "", /^Application /)
    }))

  it.effect("the secret never shows in errors or logs of a failed request", () =>
    Effect.gen(function*() {
      const calls = yield* Calls.Calls
      const error = yield* Effect.flip(calls.get("c1"))
      for (const text of [String(error), JSON.stringify(error), error.message]) {
        assert.notInclude(text, Mock.applicationSecret)
        assert.notInclude(text, Buffer.from(`${Mock.applicationKey}:${Mock.applicationSecret}`).toString("base64"))
      }
    }).pipe(Effect.provide(Mock.client(() => ({ fail: new Error("boom") }), { auth: "basic", retry: Retry.none }))))
})
