import { NodeCrypto } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Signature from "@effect-sinch/voice/Signature"
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import type * as Tracer from "effect/Tracer"
import * as Net from "node:net"
import * as Tracing from "../../voice/test/utils/tracer.js"
import { applicationKey, applicationSecret, path, quiet, serve } from "./utils/webhookServer.js"

// The Node server answers from its `request` event, running a fiber only for a handler that waits.
// These tests drive it over real HTTP on loopback.

const utf8 = new TextEncoder()
const secret = Either.getOrThrow(Signature.decodeSecret(Redacted.make(applicationSecret)))

const event = (type: string, callid: string) =>
  JSON.stringify({ event: type, callid, cli: "+46700000000", menuResult: { type: "sequence", value: "1" } })

const signedHeaders = (body: string) => {
  const timestamp = new Date().toISOString()
  const signature = Signature.sign(NodeCrypto.make, secret, {
    method: "POST",
    contentType: "application/json",
    timestamp,
    path,
    body: utf8.encode(body)
  })
  return {
    "authorization": Signature.authorization(applicationKey, signature),
    "content-type": "application/json",
    "x-timestamp": timestamp
  }
}

const post = (body: string) =>
  Effect.gen(function*() {
    const address = yield* HttpServer.addressFormattedWith(Effect.succeed)
    return yield* Effect.promise(async () => {
      const response = await fetch(`${address}${path}`, { method: "POST", body, headers: signedHeaders(body) })
      return { status: response.status, headers: response.headers, body: await response.text() }
    })
  })

const portOf = HttpServer.addressWith((address) => Effect.succeed(address._tag === "TcpAddress" ? address.port : 0))

// Writes raw bytes on a fresh connection; resolves with what came back once the server closes it.
const exchange = (port: number, write: (socket: Net.Socket) => void) =>
  Effect.async<string>((resume) => {
    const received: Array<Buffer> = []
    const socket = Net.connect(port, "127.0.0.1", () => write(socket))
    socket.on("data", (data: Buffer) => received.push(data))
    socket.on("error", () => {})
    socket.on("close", () => resume(Effect.succeed(Buffer.concat(received).toString("latin1"))))
    return Effect.sync(() => socket.destroy())
  }).pipe(Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => new Error("the server kept the connection") }))

describe("NodeWebhookServer, the Node request path", () => {
  it.live("answers handlers that return at once: ICE and PIE with SVAML, DiCE with an empty 200, lengths declared", () =>
    Effect.gen(function*() {
      const ice = yield* post(event("ice", "call-1"))
      expect(ice.status).toBe(200)
      expect(ice.headers.get("content-type")).toBe("application/json")
      expect(ice.headers.get("content-length")).toBe(String(Buffer.byteLength(ice.body)))
      expect(JSON.parse(ice.body)).toEqual({ action: { name: "connectConf", conferenceId: "room-1" } })
      const pie = yield* post(event("pie", "call-1"))
      expect(JSON.parse(pie.body)).toEqual({ action: { name: "hangup" } })
      const dice = yield* post(event("dice", "call-1"))
      expect([dice.status, dice.headers.get("content-length"), dice.body]).toEqual([200, "0", ""])
    }).pipe(
      Effect.provide(
        serve({
          ice: () => Effect.succeed({ action: Actions.connectConf("room-1") }),
          pie: () => Effect.succeed({ action: Actions.hangup() }),
          dice: () => Effect.void
        }).pipe(Layer.provide(quiet))
      )
    ))

  it.live("refuses a chunked body that grows past maxBodyBytes with 413, closes the connection, reaches no handler", () =>
    Effect.gen(function*() {
      let reached = 0
      const answer = yield* Effect.gen(function*() {
        const port = yield* portOf
        return yield* exchange(port, (socket) => {
          socket.write(
            `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
              `authorization: Application ${applicationKey}:c2lnbmF0dXJl\r\ntransfer-encoding: chunked\r\n\r\n`
          )
          // 3 × 600 bytes, over the 1,024-byte limit; the last chunk is never sent
          for (let chunk = 0; chunk < 3; chunk++) socket.write(`258\r\n${"x".repeat(600)}\r\n`)
        })
      }).pipe(
        Effect.provide(
          serve({ ice: () => Effect.sync(() => reached++).pipe(Effect.as({ action: Actions.hangup() })) }, {
            maxBodyBytes: 1024
          }).pipe(Layer.provide(quiet))
        )
      )
      expect(answer).toMatch(/^HTTP\/1\.1 413/)
      expect(answer.toLowerCase()).toContain("connection: close")
      expect(reached).toBe(0)
    }))

  it.live("traces each callback in its span, with the handler's own spans inside it", () =>
    Effect.gen(function*() {
      const spans: Array<Tracer.Span> = []
      const recording = Tracing.recording(yield* Effect.tracer, spans)
      yield* post(event("ice", "call-7")).pipe(
        Effect.provide(
          serve({
            ice: () => Effect.withSpan(Effect.succeed({ action: Actions.hangup() }), "application.ice")
          }).pipe(Layer.provide(Layer.setTracer(recording)), Layer.provide(quiet))
        )
      )
      const callback = spans.find((span) => span.name === "sinch.voice.webhook.ice")
      expect(callback?.kind).toBe("server")
      expect(callback?.status._tag).toBe("Ended")
      expect(callback?.attributes.get("sinch.voice.callid")).toBe("call-7")
      expect(callback?.attributes.get("sinch.voice.event")).toBe("ice")
      expect(callback?.attributes.get("sinch.voice.outcome")).toBe("handled")
      const own = spans.find((span) => span.name === "application.ice")
      expect(own?.parent._tag === "Some" && own.parent.value === callback).toBe(true)
    }))

  it.live("logs a failing handler with the call id and event, and answers the fallback", () =>
    Effect.gen(function*() {
      const logs: Array<{ readonly message: unknown; readonly annotations: Record<string, unknown> }> = []
      const capture = Logger.make(({ annotations, message }) => {
        logs.push({ message, annotations: Object.fromEntries(HashMap.toEntries(annotations)) })
      })
      const answer = yield* post(event("ice", "call-9")).pipe(
        Effect.provide(
          serve({ ice: () => Effect.fail("the database is down") }).pipe(
            Layer.provide(Logger.replace(Logger.defaultLogger, capture))
          )
        )
      )
      expect(JSON.parse(answer.body)).toEqual({ action: { name: "hangup" } })
      const failure = logs.find((log) => String(log.message).includes("handler failed"))
      expect(failure?.annotations).toMatchObject({ "sinch.voice.callid": "call-9", "sinch.voice.event": "ice" })
    }))

  it.live("interrupts a handler that is still running when the client goes away", () =>
    Effect.gen(function*() {
      const interrupted = yield* Deferred.make<void>()
      const started = yield* Deferred.make<void>()
      yield* Effect.gen(function*() {
        const port = yield* portOf
        const body = event("ice", "call-gone")
        const headers = Object.entries({ ...signedHeaders(body), "content-length": String(body.length) })
          .map(([name, value]) => `${name}: ${value}\r\n`).join("")
        const socket = Net.connect(port, "127.0.0.1", () =>
          socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${headers}\r\n${body}`))
        socket.on("error", () => {})
        yield* Deferred.await(started).pipe(Effect.timeout("5 seconds"))
        socket.destroy()
        yield* Deferred.await(interrupted).pipe(Effect.timeout("5 seconds"))
      }).pipe(
        Effect.provide(
          serve({
            ice: () =>
              Deferred.succeed(started, undefined).pipe(
                Effect.zipRight(Effect.never),
                Effect.onInterrupt(() =>
                  Deferred.succeed(interrupted, undefined)
                )
              )
          }, { timeout: "1 minute" }).pipe(Layer.provide(quiet))
        )
      )
      expect(yield* Deferred.isDone(interrupted)).toBe(true)
    }))
})
