import { NodeSinchVoice } from "@effect-sinch/platform-node"
import { Applications, Calls, Conferences, Retry, VoiceError } from "@effect-sinch/voice"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as NodeCrypto from "node:crypto"
import { createServer } from "node:http"

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="

interface Seen {
  readonly method: string
  readonly url: string
  readonly authorization: string
  readonly expected: string
}

/** A minimal Sinch stand-in on 127.0.0.1 that recomputes the signature of what it receives. */
const serve = Effect.gen(function*() {
  const seen = yield* Ref.make<ReadonlyArray<Seen>>([])
  yield* HttpServer.serveEffect(Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = yield* Effect.orElseSucceed(request.text, () => "")
    const md5 = body.length === 0 ? "" : NodeCrypto.createHash("md5").update(body).digest("base64")
    const stringToSign = `${request.method}\n${md5}\n${request.headers["content-type"] ?? ""}\nx-timestamp:${
      request.headers["x-timestamp"]
    }\n${request.url}`
    const expected = `Application ${applicationKey}:${
      NodeCrypto.createHmac("sha256", Buffer.from(applicationSecret, "base64")).update(stringToSign).digest("base64")
    }`
    yield* Ref.update(seen, (all) => [...all, {
      method: request.method,
      url: request.url,
      authorization: request.headers["authorization"] ?? "",
      expected
    }])
    if (request.headers["authorization"] !== expected) {
      return yield* HttpServerResponse.json({ errorCode: 40102, message: "Invalid Signature" }, { status: 401 })
    }
    return request.method === "GET"
      ? yield* HttpServerResponse.json({ participants: [{ id: "p1", cli: "+46700000001", muted: true }] })
      : HttpServerResponse.empty({ status: 204 })
  }))
  const baseUrl = yield* HttpServer.addressWith((address) =>
    Effect.succeed(address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : "")
  )
  return { baseUrl, seen: Ref.get(seen) }
})

// built in the test's scope, so the server stops when the test ends
const server = Effect.flatMap(
  Layer.build(NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" })),
  (context) => Effect.provide(serve, context)
)

describe("NodeSinchVoice", () => {
  it.scopedLive("runs the client on undici and node:crypto against a loopback server", () =>
    Effect.gen(function*() {
      const { baseUrl, seen } = yield* server
      yield* Effect.gen(function*() {
        const conferences = yield* Conferences.Conferences
        const info = yield* conferences.get("standup")
        assert.strictEqual(info.participants[0]!.id, "p1")
        yield* conferences.mute("standup", "p1")
      }).pipe(Effect.provide(NodeSinchVoice.layer({
        applicationKey,
        applicationSecret: Redacted.make(applicationSecret),
        callingBaseUrl: baseUrl
      })))
      const requests = yield* seen
      assert.deepStrictEqual(requests.map((request) => `${request.method} ${request.url}`), [
        "GET /calling/v1/conferences/id/standup",
        "PATCH /calling/v1/conferences/id/standup/p1"
      ])
      for (const request of requests) assert.strictEqual(request.authorization, request.expected)
    }))

  it.scopedLive("layerConfig reads its options from configuration", () =>
    Effect.gen(function*() {
      const { baseUrl, seen } = yield* server
      const error = yield* Effect.flatMap(Calls.Calls, (calls) => Effect.flip(calls.get("c1"))).pipe(
        Effect.provide(
          NodeSinchVoice.layerConfig({
            applicationKey: Config.string("SINCH_APPLICATION_KEY"),
            applicationSecret: Config.redacted("SINCH_APPLICATION_SECRET"),
            callingBaseUrl: Config.succeed(baseUrl),
            retry: Config.succeed(Retry.none)
          }).pipe(
            Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(
              new Map([
                ["SINCH_APPLICATION_KEY", applicationKey],
                // a valid base64 secret, but not the application's: the server refuses the signature
                ["SINCH_APPLICATION_SECRET", "dGhlIHdyb25nIHNlY3JldA=="]
              ])
            )))
          )
        )
      )
      assert.instanceOf(error, VoiceError.Unauthorized)
      assert.strictEqual(error.errorCode, 40102)
      const requests = yield* seen
      assert.strictEqual(requests.length, 1)
      assert.match(requests[0]!.authorization, new RegExp(`^Application ${applicationKey}:`))
    }))

  it.scopedLive("layerConfig() sends to SINCH_VOICE_BASE_URL, for calls and configuration alike", () =>
    Effect.gen(function*() {
      const { baseUrl, seen } = yield* server
      yield* Effect.gen(function*() {
        yield* Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get("standup"))
        // the stand-in answers every GET with a conference: this answer does not decode, but it was sent here
        yield* Effect.flatMap(Applications.Applications, (applications) => Effect.either(applications.listNumbers()))
      }).pipe(
        Effect.provide(
          NodeSinchVoice.layerConfig().pipe(
            Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(
              new Map([
                ["SINCH_APPLICATION_KEY", applicationKey],
                ["SINCH_APPLICATION_SECRET", applicationSecret],
                ["SINCH_VOICE_BASE_URL", baseUrl]
              ])
            )))
          )
        ),
        Retry.withPolicy(Retry.none)
      )
      const requests = yield* seen
      assert.deepStrictEqual(requests.map((request) => `${request.method} ${request.url}`), [
        "GET /calling/v1/conferences/id/standup",
        "GET /v1/configuration/numbers"
      ])
    }))
})
