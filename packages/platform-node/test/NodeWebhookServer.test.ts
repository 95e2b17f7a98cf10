import { NodeCrypto, NodeWebhookServer } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Crypto from "@effect-sinch/voice/Crypto"
import * as Signature from "@effect-sinch/voice/Signature"
import type * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="
const path = "/sinch/callback"
const utf8 = new TextEncoder()

const ice = (callid: string) =>
  JSON.stringify({
    event: "ice",
    callid,
    timestamp: "2024-01-16T16:46:36Z",
    cli: "+46700000000",
    to: { type: "number", endpoint: "+46700000001" }
  })

// Signs a callback with the current time and posts it to the server over loopback.
const post = (body: string, requestPath = path) =>
  Effect.gen(function*() {
    const crypto = yield* Crypto.Crypto
    const address = yield* HttpServer.addressFormattedWith(Effect.succeed)
    const timestamp = DateTime.formatIso(yield* DateTime.now)
    const secret = Either.getOrThrow(Signature.decodeSecret(Redacted.make(applicationSecret)))
    const bytes = utf8.encode(body)
    const signature = Signature.sign(crypto, secret, {
      method: "POST",
      contentType: "application/json",
      timestamp,
      path: requestPath,
      body: bytes
    })
    const response = yield* Effect.promise(() =>
      fetch(`${address}${requestPath}`, {
        method: "POST",
        body: bytes,
        headers: {
          "authorization": Signature.authorization(applicationKey, signature),
          "content-type": "application/json",
          "x-timestamp": timestamp
        }
      })
    )
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: yield* Effect.promise(() => response.text())
    }
  }).pipe(Effect.provide(NodeCrypto.layer))

const serve = <E = never, R = never>(handlers: Webhooks.Handlers<E, R>, options: Webhooks.Options = {}) =>
  NodeWebhookServer.layerHandlers({
    port: 0,
    host: "127.0.0.1",
    path,
    credentials: [{ applicationKey, applicationSecret: Redacted.make(applicationSecret) }],
    handlers,
    ...options
  })

const quiet = Logger.minimumLogLevel(LogLevel.None)

describe("NodeWebhookServer", () => {
  it.live("answers a signed ICE over HTTP with the handler's SVAML", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<Array<string>>([])
      yield* Effect.gen(function*() {
        const response = yield* post(ice("call-1"))
        expect(response.status).toBe(200)
        expect(response.contentType).toBe("application/json")
        expect(JSON.parse(response.body)).toEqual({
          instructions: [{ name: "say", text: "Hello +46700000000" }],
          action: { name: "connectConf", conferenceId: "room-1" }
        })
        expect(yield* Ref.get(seen)).toEqual(["call-1"])

        // other paths are not the webhooks; a body signed for another path is refused
        expect((yield* post(ice("call-2"), "/elsewhere")).status).toBe(404)
        expect(yield* Ref.get(seen)).toEqual(["call-1"])
      }).pipe(
        Effect.provide(
          serve({
            ice: (event) =>
              Effect.as(Ref.update(seen, (ids) => [...ids, event.callid]), {
                instructions: [Instructions.say(`Hello ${event.cli}`)],
                action: Actions.connectConf("room-1")
              })
          }).pipe(Layer.provide(quiet))
        )
      )
    }))

  it.live("answers with the fallback hangup when the handler runs past its deadline", () =>
    Effect.gen(function*() {
      const response = yield* post(ice("slow-call"))
      expect(response.status).toBe(200)
      expect(JSON.parse(response.body)).toEqual({ action: { name: "hangup" } })
    }).pipe(
      Effect.provide(
        serve({ ice: () => Effect.never }, { timeout: "100 millis" }).pipe(Layer.provide(quiet))
      )
    ))

  it.live("refuses an unsigned request with 401", () =>
    Effect.gen(function*() {
      const address = yield* HttpServer.addressFormattedWith(Effect.succeed)
      const status = yield* Effect.promise(() =>
        fetch(`${address}${path}`, {
          method: "POST",
          body: ice("call-3"),
          headers: { "content-type": "application/json" }
        }).then((response) => response.status)
      )
      expect(status).toBe(401)
    }).pipe(Effect.provide(serve({}).pipe(Layer.provide(quiet)))))
})
