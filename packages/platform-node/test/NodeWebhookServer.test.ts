import { NodeCrypto } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Crypto from "@effect-sinch/voice/Crypto"
import * as Signature from "@effect-sinch/voice/Signature"
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Net from "node:net"
import { applicationKey, applicationSecret, iceBody, path, quiet, serve } from "./utils/webhookServer.js"

const utf8 = new TextEncoder()

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

describe("NodeWebhookServer", () => {
  it.live("answers a signed ICE over HTTP with the handler's SVAML", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<Array<string>>([])
      yield* Effect.gen(function*() {
        const response = yield* post(iceBody("call-1"))
        expect(response.status).toBe(200)
        expect(response.contentType).toBe("application/json")
        expect(JSON.parse(response.body)).toEqual({
          instructions: [{ name: "say", text: "Hello +46700000000" }],
          action: { name: "connectConf", conferenceId: "room-1" }
        })
        expect(yield* Ref.get(seen)).toEqual(["call-1"])

        // other paths are not the webhooks; a body signed for another path is refused
        expect((yield* post(iceBody("call-2"), "/elsewhere")).status).toBe(404)
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
      const response = yield* post(iceBody("slow-call"))
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
          body: iceBody("call-3"),
          headers: { "content-type": "application/json" }
        }).then((response) => response.status)
      )
      expect(status).toBe(401)
    }).pipe(Effect.provide(serve({}).pipe(Layer.provide(quiet)))))

  it.live("answers refusals over HTTP as in-process: 405, 413, 415, 401, before reading the body", () =>
    Effect.gen(function*() {
      const address = yield* HttpServer.addressFormattedWith(Effect.succeed)
      const send = (init: RequestInit) =>
        Effect.promise(() =>
          fetch(`${address}${path}`, init).then(async (response) => ({
            status: response.status,
            allow: response.headers.get("allow"),
            body: await response.text()
          }))
        )
      const get = yield* send({ method: "GET" })
      expect(get.status).toBe(405)
      expect(get.allow).toBe("POST")
      const json = { "content-type": "application/json", "authorization": "Application k:s" }
      expect((yield* send({ method: "POST", body: "x".repeat(2048), headers: json })).status).toBe(413)
      expect((yield* send({ method: "POST", body: "{}", headers: { ...json, "content-type": "text/plain" } })).status)
        .toBe(415)
      const unsigned = yield* send({ method: "POST", body: "{}", headers: { "content-type": "application/json" } })
      expect(unsigned).toMatchObject({ status: 401, body: "Unauthorized" })
      // the server still answers a genuine callback afterwards
      expect((yield* post(iceBody("after"))).status).toBe(200)
    }).pipe(Effect.provide(serve({}, { maxBodyBytes: 1024 }).pipe(Layer.provide(quiet)))))

  it.live("cuts off a sender that stalls mid-body after requestTimeout (408), never reaching a handler", () =>
    Effect.gen(function*() {
      const reached = yield* Ref.make(0)
      const answer = yield* Effect.gen(function*() {
        const address = yield* HttpServer.addressWith((address) =>
          Effect.succeed(address._tag === "TcpAddress" ? address.port : 0)
        )
        return yield* Effect.async<string>((resume) => {
          const received: Array<Buffer> = []
          const socket = Net.connect(address, "127.0.0.1", () => {
            socket.write(
              `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
                `authorization: Application k:s\r\ncontent-length: 100\r\n\r\n{"event":`
            )
          })
          socket.on("data", (data: Buffer) => received.push(data))
          socket.on("error", () => {})
          socket.on("close", () => resume(Effect.succeed(Buffer.concat(received).toString("latin1"))))
          return Effect.sync(() => socket.destroy())
        }).pipe(Effect.timeout("10 seconds"))
      }).pipe(
        Effect.provide(
          serve({ ice: () => Effect.as(Ref.update(reached, (n) => n + 1), { action: Actions.hangup() }) }, {
            requestTimeout: "300 millis"
          }).pipe(Layer.provide(quiet))
        )
      )
      expect(answer).toMatch(/^HTTP\/1\.1 408/)
      expect(yield* Ref.get(reached)).toBe(0)
    }))
})
