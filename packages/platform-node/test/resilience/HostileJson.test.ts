/**
 * Hostile JSON in a signed callback: a decoded field holding thousands of nested arrays, or a huge
 * string. The first issue is described within bounds — a 400 with a short reason and a log line,
 * never a stack overflow turned into a silent 500 — in-process and over loopback.
 */
import { NodeCrypto } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Signature from "@effect-sinch/voice/Signature"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as NodeCryptoModule from "node:crypto"
import { applicationKey, applicationSecret, path, serve } from "../utils/webhookServer.js"
import { Recorder } from "./recorder.js"

const utf8 = new TextEncoder()
const secretBytes = Either.getOrThrow(Signature.decodeSecret(Redacted.make(applicationSecret)))
const nodeCrypto = {
  md5: (data: Uint8Array) => NodeCryptoModule.createHash("md5").update(data).digest(),
  hmacSha256: (key: Uint8Array, data: Uint8Array) => NodeCryptoModule.createHmac("sha256", key).update(data).digest()
}

const signedHeaders = (body: string, timestamp: string): Record<string, string> => ({
  "authorization": Signature.authorization(
    applicationKey,
    Signature.sign(nodeCrypto, secretBytes, {
      method: "POST",
      contentType: "application/json",
      timestamp,
      path,
      body: utf8.encode(body)
    })
  ),
  "content-type": "application/json",
  "x-timestamp": timestamp
})

/** An ICE whose `cli` is `cliJson` (raw JSON). */
const iceWithCli = (cliJson: string): string =>
  `{"event":"ice","callid":"hostile","timestamp":"2024-01-16T16:46:36Z","cli":${cliJson},` +
  `"to":{"type":"number","endpoint":"+46700000001"}}`

const depth = 2_500
const hostileBodies = {
  "2,500 nested arrays": iceWithCli("[".repeat(depth) + "]".repeat(depth)),
  "2,500 nested objects": iceWithCli("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
  "3,000 strings": iceWithCli(JSON.stringify(Array.from({ length: 3_000 }, () => "+467000000000"))),
  "an object with 2,000 keys": iceWithCli(
    `{${Array.from({ length: 2_000 }, (_, i) => `"k${i}":[[[[${i}]]]]`).join(",")}}`
  )
}

const handlers: Webhooks.Handlers = { ice: () => Effect.succeed({ action: Actions.hangup() }) }
const credentials = [{ applicationKey, applicationSecret: Redacted.make(applicationSecret) }]
const nowIso = Effect.map(DateTime.now, DateTime.formatIso)

/** The longest reason a refusal may carry: bounded whatever was sent. */
const maxAnswerLength = 600

describe("hostile JSON in a signed callback", () => {
  for (const [name, body] of Object.entries(hostileBodies)) {
    it.effect(`in-process: ${name} is refused with 400, a bounded reason and a log line`, () =>
      Effect.gen(function*() {
        const recorder = new Recorder()
        const webhooks = yield* Webhooks.make(handlers).pipe(
          Effect.provide(WebhookVerifier.layer({ credentials })),
          Effect.provide(NodeCrypto.layer)
        )
        const request = new Request(`http://localhost${path}`, {
          method: "POST",
          headers: signedHeaders(body, yield* nowIso),
          body: body
        })
        const response = yield* webhooks.httpApp.pipe(
          Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(request)),
          Effect.provide(recorder.layer)
        )
        const text = yield* Effect.promise(() => HttpServerResponse.toWeb(response).text())
        assert.strictEqual(response.status, 400)
        assert.isBelow(text.length, maxAnswerLength)
        assert.include(text, "cli")
        const logged = recorder.logLines.join("\n")
        assert.include(logged, "not a valid ice event")
        assert.isBelow(logged.length, 4 * maxAnswerLength)
      }))
  }

  it.scopedLive("over loopback: NodeWebhookServer answers every hostile body with 400 and logs why", () =>
    Effect.gen(function*() {
      const recorder = new Recorder()
      const context = yield* Layer.build(serve(handlers).pipe(Layer.provide(recorder.layer)))
      const port = yield* HttpServer.addressWith((address) =>
        Effect.succeed(address._tag === "TcpAddress" ? address.port : 0)
      ).pipe(Effect.provide(context))
      for (const body of Object.values(hostileBodies)) {
        const headers = signedHeaders(body, yield* nowIso)
        const answer = yield* Effect.promise(async () => {
          const response = await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers, body: body })
          return { status: response.status, text: await response.text() }
        })
        assert.strictEqual(answer.status, 400, answer.text)
        assert.isBelow(answer.text.length, maxAnswerLength)
      }
      const refusals = recorder.logLines.filter((line) => line.includes("not a valid ice event"))
      assert.isAtLeast(refusals.length, Object.keys(hostileBodies).length)
      assert.isTrue(refusals.every((line) => line.length < 4 * maxAnswerLength))
      // and it still serves a good callback
      const good = iceWithCli("\"+46700000000\"")
      const headers = signedHeaders(good, yield* nowIso)
      const status = yield* Effect.promise(() =>
        fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers, body: good }).then((r) => r.status)
      )
      assert.strictEqual(status, 200)
    }))
})
